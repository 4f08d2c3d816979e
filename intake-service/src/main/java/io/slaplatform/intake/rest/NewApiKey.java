package io.slaplatform.intake.rest;

import io.slaplatform.intake.security.RateLimitConfig;
import io.slaplatform.runtime.validation.Validation;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * The (optional) body of {@code POST /form-backends/{backendId}/api-keys}.
 *
 * @param label              what the key is for, e.g. {@code production web form}
 * @param rateLimitPerMinute this key's own rate; absent for the service's default ({@link RateLimitConfig})
 */
public record NewApiKey(
        @Size(max = 200) @Pattern(regexp = Validation.SINGLE_LINE, message = "must be a single line") String label,
        @Min(1) @Max(100_000) Integer rateLimitPerMinute) {
}
