package io.slaplatform.eligibility.rest;

import jakarta.validation.constraints.NotNull;
import java.time.Instant;

/**
 * The body of {@code PUT /licenses/{id}/enterprise-support}: the window the add-on is valid in. That
 * {@code validUntil} is after {@code validFrom} is checked by the service, which names {@code validUntil}.
 *
 * @param validFrom  first instant of the window (inclusive)
 * @param validUntil end of the window (exclusive)
 */
public record EnterpriseSupportWindow(@NotNull Instant validFrom, @NotNull Instant validUntil) {
}
