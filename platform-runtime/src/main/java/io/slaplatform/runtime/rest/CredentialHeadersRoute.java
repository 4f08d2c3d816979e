package io.slaplatform.runtime.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Refuses (401) a request that carries more than one credential: two {@code Authorization} headers, two
 * {@code X-API-Key} headers, or one of each. Quarkus authenticates with the first credential a mechanism accepts and
 * ignores the rest, so a valid API key next to a forged bearer token would otherwise pass; here any credential
 * beside another makes the request fail, whatever the other one is worth.
 */
@ApplicationScoped
public class CredentialHeadersRoute {

    /** The header intake's form backends send their API key in. */
    public static final String API_KEY = "X-API-Key";

    /** Before the body limit; the answer does not depend on the body. */
    static final int ORDER = BodyLimitRoute.ORDER - 1;

    private final ObjectMapper json;
    private final List<String> challenges;

    CredentialHeadersRoute(ObjectMapper json, @ConfigProperty(name = "security.challenges",
            defaultValue = ProblemMappers.DEFAULT_CHALLENGE) List<String> challenges) {
        this.json = json;
        this.challenges = challenges;
    }

    void install(@Observes Router router) {
        router.route().order(ORDER).handler(context -> {
            MultiMap headers = context.request().headers();
            int credentials = headers.getAll(HttpHeaders.AUTHORIZATION).size() + headers.getAll(API_KEY).size();
            if (credentials <= 1) {
                context.next();
                return;
            }
            Problem problem = Problem.of("ambiguous-credentials", "Ambiguous credentials", 401,
                    "Send exactly one credential: one Authorization header or one " + API_KEY + " header");
            HttpServerResponse response = RouteProblems.response(context, problem);
            challenges.forEach(challenge -> response.headers().add("WWW-Authenticate", challenge));
            response.end(RouteProblems.body(context, json, problem));
        });
    }
}
