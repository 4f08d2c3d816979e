package io.slaplatform.intake.security;

import io.quarkus.security.identity.SecurityIdentity;
import io.slaplatform.runtime.security.Roles;
import java.util.Optional;

/**
 * What a form backend's identity carries, whether it came with an API key or a client-credentials JWT: the
 * backend id (recorded with each request it submits, and the only thing logged about it), the key its posts are
 * rate-limited under, and its key's own rate, if any.
 *
 * @param backendId          the backend, e.g. {@code acme-web-form}
 * @param rateLimitKey       {@code key:<keyId>} for an API key, {@code jwt:<sub>} for a token
 * @param rateLimitPerMinute the key's own rate; empty for the service's default
 */
public record FormBackendCaller(String backendId, String rateLimitKey, Optional<Integer> rateLimitPerMinute) {

    /** Identity attribute: the backend id. */
    public static final String BACKEND_ID = "backendId";
    /** Identity attribute: the key the caller's posts are rate-limited under. */
    public static final String RATE_LIMIT_KEY = "rateLimitKey";
    /** Identity attribute (API keys only, optional): the key's own rate per minute. */
    public static final String RATE_LIMIT_PER_MINUTE = "rateLimitPerMinute";
    /** Principal names of API key identities: {@code backend:<backendId>}. */
    public static final String PRINCIPAL_PREFIX = "backend:";

    /** The form backend behind {@code identity}; empty when it is none (anonymous, staff). */
    public static Optional<FormBackendCaller> of(SecurityIdentity identity) {
        if (identity == null || identity.isAnonymous() || !identity.hasRole(Roles.FORM_BACKEND)) {
            return Optional.empty();
        }
        String backendId = identity.getAttribute(BACKEND_ID);
        String rateLimitKey = identity.getAttribute(RATE_LIMIT_KEY);
        if (backendId == null || rateLimitKey == null) {
            String name = identity.getPrincipal().getName();
            return Optional.of(new FormBackendCaller(name, "principal:" + name, Optional.empty()));
        }
        return Optional.of(new FormBackendCaller(backendId, rateLimitKey,
                Optional.ofNullable(identity.getAttribute(RATE_LIMIT_PER_MINUTE))));
    }
}
