package io.slaplatform.intake.security;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.slaplatform.intake.domain.FormBackendApiKey;
import io.slaplatform.intake.service.ApiKeyService;
import io.slaplatform.runtime.security.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Turns a presented API key into a form backend's identity: principal {@code backend:<backendId>}, role
 * {@code form-backend}, and the attributes {@link FormBackendCaller} reads. The lookup is a blocking primary-key
 * query, so it runs on a worker thread. An unknown, revoked or wrong key fails without saying which.
 */
@ApplicationScoped
public class ApiKeyIdentityProvider implements IdentityProvider<ApiKeyAuthenticationRequest> {

    private final ApiKeyService keys;

    ApiKeyIdentityProvider(ApiKeyService keys) {
        this.keys = keys;
    }

    @Override
    public Class<ApiKeyAuthenticationRequest> getRequestType() {
        return ApiKeyAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(ApiKeyAuthenticationRequest request,
                                              AuthenticationRequestContext context) {
        return context.runBlocking(() -> keys.verify(request.key())
                .map(ApiKeyIdentityProvider::identity)
                .orElseThrow(() -> new AuthenticationFailedException("API key refused")));
    }

    private static SecurityIdentity identity(FormBackendApiKey key) {
        QuarkusSecurityIdentity.Builder identity = QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal(FormBackendCaller.PRINCIPAL_PREFIX + key.backendId))
                .addRole(Roles.FORM_BACKEND)
                .addAttribute(FormBackendCaller.BACKEND_ID, key.backendId)
                .addAttribute(FormBackendCaller.RATE_LIMIT_KEY, "key:" + key.keyId);
        if (key.rateLimitPerMinute != null) {
            identity.addAttribute(FormBackendCaller.RATE_LIMIT_PER_MINUTE, key.rateLimitPerMinute);
        }
        return identity.build();
    }
}
