package io.slaplatform.intake.rest;

import io.slaplatform.events.ResponseKind;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** The body of {@code POST /requests/{id}/responses}: what support answered. */
public record NewSupportResponse(@NotNull ResponseKind kind, @NotBlank @Size(max = 20_000) String text) {
}
