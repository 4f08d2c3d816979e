package io.slaplatform.intake.rest;

import io.slaplatform.events.Impact;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The body of {@code PUT /requests/{id}/impact}: the new impact and why support chose it. */
@Schema(description = "A new impact for a request, chosen by support")
public record Reclassification(
        @Schema(description = "The new business impact", examples = "MAJOR") @NotNull Impact impact,
        @Schema(description = "Why support chose it, at most 1,000 characters",
                examples = "Only one project is affected; a workaround exists.")
        @NotBlank @Size(max = 1000) String reason) {
}
