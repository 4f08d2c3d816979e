package io.slaplatform.intake.rest;

import io.slaplatform.events.Impact;
import io.slaplatform.runtime.validation.IsoCountry;
import io.slaplatform.runtime.validation.MailAddress;
import io.slaplatform.runtime.validation.Validation;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The body of {@code POST /requests}, as a customer's web form backend sends it.
 *
 * @param licenseEmail the address that holds the license; need not be the submitter's own
 * @param contactEmail where the submitter wants to be answered
 * @param country      ISO 3166-1 alpha-2 code of where the customer is based
 * @param locale       optional BCP 47 language tag for mails to the submitter
 */
@Schema(description = "A support request from a customer's web form")
public record NewSupportRequest(
        @Schema(description = "The e-mail the license is registered to; need not be the submitter's own",
                examples = "ops@customer.example")
        @MailAddress String licenseEmail,
        @Schema(description = "Where the submitter wants to be answered", examples = "jane.doe@customer.example")
        @MailAddress String contactEmail,
        @Schema(description = "Business impact, which sets the guaranteed response time (CRITICAL: 2 business "
                + "hours, MAJOR: 4, MODERATE: 8, LIMITED: 12)", examples = "CRITICAL")
        @NotNull Impact impact,
        @Schema(description = "One line, at most 200 characters", examples = "Processing cluster stopped after upgrade")
        @NotBlank @Size(max = 200) @Pattern(regexp = Validation.SINGLE_LINE, message = "must be a single line")
        String subject,
        @Schema(description = "What happened, at most 20,000 characters",
                examples = "Since the upgrade to 1.8 every processing job fails at the calibration step.")
        @NotBlank @Size(max = 20_000) String description,
        @Schema(description = "ISO 3166-1 alpha-2 code of where the customer is based; picks the SLA calendar",
                examples = "CH")
        @NotNull @IsoCountry String country,
        @Schema(description = "Optional BCP 47 language tag for mails to the submitter (en, es, fr, de ship); "
                + "English when absent or not available", examples = "de-CH")
        @Size(max = 35) @Pattern(regexp = Validation.LANGUAGE_TAG, message = "must be a BCP 47 language tag such as en or de-CH")
        String locale) {
}
