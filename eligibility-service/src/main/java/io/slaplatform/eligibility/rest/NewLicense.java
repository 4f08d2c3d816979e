package io.slaplatform.eligibility.rest;

import io.slaplatform.runtime.validation.IsoCountry;
import io.slaplatform.runtime.validation.MailAddress;
import io.slaplatform.runtime.validation.Validation;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The body of {@code POST /licenses}. That {@code expiresAt} is after {@code activatedAt} is checked by the
 * service, which names {@code expiresAt} when it is not.
 *
 * @param email       the license e-mail; requests match it ignoring case
 * @param product     the licensed product, e.g. {@code Pix4Dengine}
 * @param country     optional ISO 3166-1 alpha-2 code of the license holder; picks the SLA calendar when set
 * @param activatedAt first instant the license is active (inclusive)
 * @param expiresAt   first instant it is no longer active (exclusive)
 */
@Schema(description = "A license to register")
public record NewLicense(
        @Schema(description = "The license e-mail; requests match it ignoring case", examples = "ops@customer.example")
        @MailAddress String email,
        @Schema(description = "The licensed product; only eligibility.supported-product can carry Enterprise support",
                examples = "Pix4Dengine")
        @NotBlank @Size(max = 100) @Pattern(regexp = Validation.SINGLE_LINE, message = "must be a single line")
        String product,
        @Schema(description = "Optional ISO 3166-1 alpha-2 code of the license holder; picks the SLA calendar",
                examples = "CH")
        @IsoCountry String country,
        @Schema(description = "First instant the license is active (inclusive), ISO-8601",
                examples = "2026-01-01T00:00:00Z")
        @NotNull Instant activatedAt,
        @Schema(description = "First instant it is no longer active (exclusive), after activatedAt",
                examples = "2027-01-01T00:00:00Z")
        @NotNull Instant expiresAt) {
}
