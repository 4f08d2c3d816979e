package io.slaplatform.runtime.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.net.URI;
import java.util.List;

/**
 * An RFC 9457 problem detail, served as {@code application/problem+json}.
 *
 * @param type     stable identifier of the kind of problem
 * @param title    short human summary of the kind of problem
 * @param status   the HTTP status
 * @param detail   what went wrong this time
 * @param instance the request path
 * @param errors   for invalid input: each offending field and why
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(URI type, String title, int status, String detail, String instance, List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";
    private static final String TYPE_BASE = "https://slaplatform.io/problems/";

    /** One invalid field: its JSON path ({@code impact}, {@code body}, a header name) and the reason. */
    public record FieldError(String field, String message) {
    }

    /** A problem whose type is {@code https://slaplatform.io/problems/<slug>}. */
    public static Problem of(String slug, String title, int status, String detail) {
        return new Problem(URI.create(TYPE_BASE + slug), title, status, detail, null, null);
    }

    /** A 400 naming the invalid fields. */
    public static Problem invalid(List<FieldError> errors) {
        String detail = errors.stream().map(e -> e.field() + ": " + e.message())
                .reduce((a, b) -> a + "; " + b).orElse("The request is invalid");
        return new Problem(URI.create(TYPE_BASE + "invalid-request"), "Invalid request", 400, detail, null,
                List.copyOf(errors));
    }

    Problem at(String path) {
        return new Problem(type, title, status, detail, path, errors);
    }
}
