package io.slaplatform.intake.rest;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The body of {@code POST /requests/{id}/customer-replies}. */
@Schema(description = "A reply of the customer, which starts a new SLA cycle")
public record NewCustomerReply(
        @Schema(description = "What the customer wrote, at most 20,000 characters",
                examples = "The fixed build fails too, log attached.")
        @NotBlank @Size(max = 20_000) String text) {
}
