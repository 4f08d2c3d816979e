package io.slaplatform.runtime.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.Map;

/**
 * Refuses (400, naming the parameter) a URL whose path or query holds an encoded NUL ({@code %00}): PostgreSQL can
 * neither store nor compare text holding U+0000, so such a value would otherwise end as a 500 in whichever query
 * first met it. No path or parameter of the platform has a use for it. (JSON bodies are checked field by field by
 * their validation.)
 */
@ApplicationScoped
public class NulCharacterRoute {

    /** Before the credential check: the answer depends on the URL alone. */
    static final int ORDER = CredentialHeadersRoute.ORDER - 1;

    private final ObjectMapper json;

    NulCharacterRoute(ObjectMapper json) {
        this.json = json;
    }

    void install(@Observes Router router) {
        router.route().order(ORDER).handler(context -> {
            if (!context.request().uri().contains("%00")) {
                context.next();
                return;
            }
            String field;
            try {
                field = context.queryParams().entries().stream()
                        .filter(e -> e.getKey().indexOf('\0') >= 0 || e.getValue().indexOf('\0') >= 0)
                        .map(Map.Entry::getKey).findFirst().orElse("path");
            } catch (IllegalArgumentException e) { // a query that does not decode
                field = "query";
            }
            Problem problem = Problem.invalid(List.of(
                    new Problem.FieldError(field.replace('\0', '?'), "must not contain the NUL character (U+0000)")));
            RouteProblems.response(context, problem).end(RouteProblems.body(context, json, problem));
        });
    }
}
