package io.slaplatform.intake.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.slaplatform.intake.domain.FormBackendApiKey;
import java.time.Instant;

/**
 * An API key as the admin list shows it: never its secret or the secret's hash. {@code revokedAt} and
 * {@code revokedBy} are present once it is revoked; {@code rateLimitPerMinute} when it has its own rate.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiKeyView(String keyId, String backendId, boolean active, String label, Integer rateLimitPerMinute,
                         Instant createdAt, String createdBy, Instant revokedAt, String revokedBy) {

    public static ApiKeyView of(FormBackendApiKey key) {
        return new ApiKeyView(key.keyId, key.backendId, key.isActive(), key.label, key.rateLimitPerMinute,
                key.createdAt, key.createdBy, key.revokedAt, key.revokedBy);
    }
}
