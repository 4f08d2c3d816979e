package io.slaplatform.intake.rest;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** The body of {@code POST /requests/{id}/customer-replies}. */
public record NewCustomerReply(@NotBlank @Size(max = 20_000) String text) {
}
