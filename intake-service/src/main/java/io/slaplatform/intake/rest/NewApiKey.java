package io.slaplatform.intake.rest;

import io.slaplatform.intake.security.RateLimitConfig;
import io.slaplatform.runtime.validation.Validation;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The (optional) body of {@code POST /form-backends/{backendId}/api-keys}.
 *
 * @param label              what the key is for, e.g. {@code production web form}
 * @param rateLimitPerMinute this key's own rate; absent for the service's default ({@link RateLimitConfig})
 */
@Schema(description = "Options of a new API key; the body may be left out")
public record NewApiKey(
        @Schema(description = "What the key is for, one line of at most 200 characters", examples = "web form, prod")
        @Size(max = 200) @Pattern(regexp = Validation.SINGLE_LINE, message = "must be a single line") String label,
        @Schema(description = "This key's own rate of POST /requests (1 to 100,000); absent for the service's "
                + "default, intake.rate-limit.per-minute", examples = "120")
        @Min(1) @Max(100_000) Integer rateLimitPerMinute) {
}
