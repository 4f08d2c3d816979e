package io.slaplatform.intake.rest;

import io.slaplatform.events.Impact;
import io.slaplatform.runtime.validation.IsoCountry;
import io.slaplatform.runtime.validation.Validation;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * The body of {@code POST /requests}, as a customer's web form backend sends it.
 *
 * @param licenseEmail the address that holds the license; need not be the submitter's own
 * @param contactEmail where the submitter wants to be answered
 * @param country      ISO 3166-1 alpha-2 code of where the customer is based
 * @param locale       optional BCP 47 language tag for mails to the submitter
 */
public record NewSupportRequest(
        @NotBlank @Email @Size(max = Validation.EMAIL_MAX) String licenseEmail,
        @NotBlank @Email @Size(max = Validation.EMAIL_MAX) String contactEmail,
        @NotNull Impact impact,
        @NotBlank @Size(max = 200) @Pattern(regexp = Validation.SINGLE_LINE, message = "must be a single line")
        String subject,
        @NotBlank @Size(max = 20_000) String description,
        @NotNull @IsoCountry String country,
        @Size(max = 35) @Pattern(regexp = Validation.LANGUAGE_TAG, message = "must be a BCP 47 language tag such as en or de-CH")
        String locale) {
}
