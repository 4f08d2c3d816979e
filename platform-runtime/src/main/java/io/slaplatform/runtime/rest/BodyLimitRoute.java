package io.slaplatform.runtime.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Answers a body announced larger than {@code quarkus.http.limits.max-body-size} with a 413
 * {@code application/problem+json} before anything reads it. Quarkus' own check (route order -2), which this one
 * precedes, answers the same status with no body; it still guards bodies sent without a {@code Content-Length}
 * (chunked), whose reading stops at the limit.
 */
@ApplicationScoped
public class BodyLimitRoute {

    /** Before Quarkus' upload limit route (order -2). */
    static final int ORDER = -3;

    private final MemorySize limit;
    private final ObjectMapper json;

    BodyLimitRoute(@ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "10240K") MemorySize limit,
                   ObjectMapper json) {
        this.limit = limit;
        this.json = json;
    }

    void install(@Observes Router router) {
        long max = limit.asLongValue();
        router.route().order(ORDER).handler(context -> {
            String announced = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            long length;
            try {
                length = announced == null ? -1 : Long.parseLong(announced.strip());
            } catch (NumberFormatException e) {
                length = -1; // Vert.x refuses a malformed Content-Length itself
            }
            if (length <= max) {
                context.next();
                return;
            }
            Problem problem = Problem.of("payload-too-large", "Payload too large", 413,
                    "The body may be at most " + max + " bytes");
            RouteProblems.response(context, problem)
                    .putHeader(HttpHeaders.CONNECTION, "close") // the rest of the body is not read
                    .end(RouteProblems.body(context, json, problem));
        });
    }
}
