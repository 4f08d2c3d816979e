package io.slaplatform.intake.security;

import io.quarkus.security.identity.request.BaseAuthenticationRequest;

/** An {@code X-API-Key} header, parsed into key id and secret hash, to be checked against the stored keys. */
public class ApiKeyAuthenticationRequest extends BaseAuthenticationRequest {

    private final ApiKeyFormat.Presented key;

    public ApiKeyAuthenticationRequest(ApiKeyFormat.Presented key) {
        this.key = key;
    }

    public ApiKeyFormat.Presented key() {
        return key;
    }
}
