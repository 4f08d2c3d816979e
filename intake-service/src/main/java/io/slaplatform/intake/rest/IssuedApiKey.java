package io.slaplatform.intake.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.slaplatform.intake.service.ApiKeyService;
import java.time.Instant;

/**
 * The answer to {@code POST /form-backends/{backendId}/api-keys}: the only time {@code apiKey} is shown.
 *
 * @param apiKey the full key, {@code sfk_<keyId>_<secret>}, for the backend's {@code X-API-Key} header
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IssuedApiKey(String keyId, String backendId, String apiKey, String label, Integer rateLimitPerMinute,
                           Instant createdAt) {

    public static IssuedApiKey of(ApiKeyService.Issued issued) {
        var key = issued.key();
        return new IssuedApiKey(key.keyId, key.backendId, issued.apiKey(), key.label, key.rateLimitPerMinute,
                key.createdAt);
    }
}
