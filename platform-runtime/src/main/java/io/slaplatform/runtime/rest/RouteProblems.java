package io.slaplatform.runtime.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

/** Ends a request with a problem from a Vert.x route, before JAX-RS (and its exception mappers) sees it. */
final class RouteProblems {

    private RouteProblems() {
    }

    /**
     * The response, its status and content type set, for {@code problem} (its instance the request path); the caller
     * adds headers and ends it with {@link #body}.
     */
    static HttpServerResponse response(RoutingContext context, Problem problem) {
        return context.response().setStatusCode(problem.status())
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE);
    }

    /** The JSON of {@code problem} at the request's path. */
    static String body(RoutingContext context, ObjectMapper json, Problem problem) {
        try {
            return json.writeValueAsString(problem.at(context.request().path()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
