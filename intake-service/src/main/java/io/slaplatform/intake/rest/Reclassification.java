package io.slaplatform.intake.rest;

import io.slaplatform.events.Impact;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** The body of {@code PUT /requests/{id}/impact}: the new impact and why support chose it. */
public record Reclassification(@NotNull Impact impact, @NotBlank @Size(max = 1000) String reason) {
}
