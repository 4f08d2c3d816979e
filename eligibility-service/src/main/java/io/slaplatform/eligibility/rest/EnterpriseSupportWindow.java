package io.slaplatform.eligibility.rest;

import jakarta.validation.constraints.NotNull;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The body of {@code PUT /licenses/{id}/enterprise-support}: the window the add-on is valid in. That
 * {@code validUntil} is after {@code validFrom} is checked by the service, which names {@code validUntil}.
 *
 * @param validFrom  first instant of the window (inclusive)
 * @param validUntil end of the window (exclusive)
 */
@Schema(description = "The window the Enterprise support add-on is valid in")
public record EnterpriseSupportWindow(
        @Schema(description = "First instant of the window (inclusive), ISO-8601", examples = "2026-01-01T00:00:00Z")
        @NotNull Instant validFrom,
        @Schema(description = "End of the window (exclusive), after validFrom", examples = "2027-01-01T00:00:00Z")
        @NotNull Instant validUntil) {
}
