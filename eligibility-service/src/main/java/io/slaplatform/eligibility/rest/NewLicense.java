package io.slaplatform.eligibility.rest;

import io.slaplatform.runtime.validation.IsoCountry;
import io.slaplatform.runtime.validation.Validation;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;

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
public record NewLicense(
        @NotBlank @Email @Size(max = Validation.EMAIL_MAX) String email,
        @NotBlank @Size(max = 100) @Pattern(regexp = Validation.SINGLE_LINE, message = "must be a single line")
        String product,
        @IsoCountry String country,
        @NotNull Instant activatedAt,
        @NotNull Instant expiresAt) {
}
