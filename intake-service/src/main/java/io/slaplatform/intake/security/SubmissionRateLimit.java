package io.slaplatform.intake.security;

import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.slaplatform.runtime.rest.Problem;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Applies {@link FormBackendRateLimiter} to the {@link RateLimited} endpoints: an empty bucket answers 429
 * {@code application/problem+json} with {@code Retry-After}. It runs after authentication (Quarkus REST checks
 * {@code @RolesAllowed} before request filters, so an anonymous post gets its 401 and never takes a token) and
 * before the body is read, validated or stored: a throttled backend costs no parsing, and gets its 429 whatever
 * it sent.
 */
public class SubmissionRateLimit {

    private static final Logger LOG = Logger.getLogger(SubmissionRateLimit.class);

    private final CurrentIdentityAssociation identities;
    private final FormBackendRateLimiter limiter;

    SubmissionRateLimit(CurrentIdentityAssociation identities, FormBackendRateLimiter limiter) {
        this.identities = identities;
        this.limiter = limiter;
    }

    @ServerRequestFilter
    @RateLimited
    public Uni<Response> limit(UriInfo uri) {
        return identities.getDeferredIdentity()
                .map(identity -> FormBackendCaller.of(identity).map(caller -> take(caller, uri)).orElse(null));
    }

    /** Null when the post may go ahead; otherwise the 429. */
    private Response take(FormBackendCaller caller, UriInfo uri) {
        FormBackendRateLimiter.Decision decision = limiter.take(caller);
        if (decision.allowed()) {
            return null;
        }
        long retryAfter = decision.retryAfterSeconds();
        LOG.debugf("Form backend %s throttled (%s), retry after %d s", caller.backendId(), caller.rateLimitKey(),
                retryAfter);
        Problem problem = Problem.of("rate-limited", "Too many requests", 429, "At most " + decision.perMinute()
                + " requests a minute, " + decision.burst() + " at once; retry after " + retryAfter + " s");
        return Response.status(429)
                .type(Problem.MEDIA_TYPE)
                .header(HttpHeaders.RETRY_AFTER, retryAfter)
                .entity(new Problem(problem.type(), problem.title(), problem.status(), problem.detail(),
                        uri.getPath(), null))
                .build();
    }
}
