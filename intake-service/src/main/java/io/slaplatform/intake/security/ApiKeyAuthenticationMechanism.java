package io.slaplatform.intake.security;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpCredentialTransport;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.slaplatform.runtime.rest.CredentialHeadersRoute;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;

/**
 * Authenticates form backends by the {@code X-API-Key} header, beside the bearer JWT mechanism: a request
 * without the header is left to the JWT mechanism; one with a header that is not a valid, active key fails (401)
 * whatever else it carries; {@link CredentialHeadersRoute} refuses a key sent twice or next to a token. Being a
 * Quarkus Security mechanism (not a JAX-RS filter), the identity it builds is the one {@code @RolesAllowed} checks.
 */
@ApplicationScoped
public class ApiKeyAuthenticationMechanism implements HttpAuthenticationMechanism {

    /** The header a form backend sends its key in. */
    public static final String HEADER = CredentialHeadersRoute.API_KEY;
    /** The challenge of a 401, beside the bearer one. */
    public static final String CHALLENGE = "ApiKey realm=\"sla-platform\"";

    private static final HttpCredentialTransport TRANSPORT =
            new HttpCredentialTransport(HttpCredentialTransport.Type.OTHER_HEADER, HEADER.toLowerCase());

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identityProviders) {
        String header = context.request().getHeader(HEADER);
        if (header == null) {
            return Uni.createFrom().nullItem();
        }
        return ApiKeyFormat.parse(header.strip())
                .map(key -> {
                    ApiKeyAuthenticationRequest request = new ApiKeyAuthenticationRequest(key);
                    HttpSecurityUtils.setRoutingContextAttribute(request, context);
                    return identityProviders.authenticate(request);
                })
                .orElseGet(() -> Uni.createFrom().failure(new AuthenticationFailedException("malformed API key")));
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().item(new ChallengeData(401, "WWW-Authenticate", CHALLENGE));
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(ApiKeyAuthenticationRequest.class);
    }

    @Override
    public Uni<HttpCredentialTransport> getCredentialTransport(RoutingContext context) {
        return Uni.createFrom().item(TRANSPORT);
    }

    /** Before the JWT mechanism: a request that names a key is judged by its key. */
    @Override
    public int getPriority() {
        return DEFAULT_PRIORITY + 100;
    }
}
