package io.slaplatform.intake.rest;

import io.slaplatform.events.ResponseKind;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The body of {@code POST /requests/{id}/responses}: what support answered. */
@Schema(description = "A response of support to the customer")
public record NewSupportResponse(
        @Schema(description = "ACTION_PLAN, STATUS_UPDATE or RESOLUTION; each stops the running SLA cycle, a "
                + "RESOLUTION also resolves the request", examples = "ACTION_PLAN")
        @NotNull ResponseKind kind,
        @Schema(description = "What support answered, at most 20,000 characters",
                examples = "We reproduced the failure; a fixed build follows within a day.")
        @NotBlank @Size(max = 20_000) String text) {
}
