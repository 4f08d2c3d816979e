package io.slaplatform.intake.security;

import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.slaplatform.runtime.security.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Gives a form backend's client-credentials JWT the attributes an API key identity has: the backend id is the
 * token's {@code azp} (the client id, where the identity provider sets it) or else its {@code sub}; its posts are
 * rate-limited under {@code jwt:<sub>}.
 */
@ApplicationScoped
public class FormBackendTokenAugmentor implements SecurityIdentityAugmentor {

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (identity.isAnonymous() || !identity.hasRole(Roles.FORM_BACKEND)
                || identity.getAttribute(FormBackendCaller.BACKEND_ID) != null
                || !(identity.getPrincipal() instanceof JsonWebToken token) || token.getSubject() == null) {
            return Uni.createFrom().item(identity);
        }
        String clientId = token.getClaim("azp");
        String backendId = clientId == null || clientId.isBlank() ? token.getSubject() : clientId;
        return Uni.createFrom().item(QuarkusSecurityIdentity.builder(identity)
                .addAttribute(FormBackendCaller.BACKEND_ID, backendId)
                .addAttribute(FormBackendCaller.RATE_LIMIT_KEY, "jwt:" + token.getSubject())
                .build());
    }
}
