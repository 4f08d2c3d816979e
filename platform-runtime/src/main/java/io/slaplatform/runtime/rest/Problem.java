package io.slaplatform.runtime.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.net.URI;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

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
@Schema(name = "Problem", description = "An RFC 9457 problem detail (application/problem+json): every error of the API")
public record Problem(
        @Schema(description = "Stable identifier of the kind of problem",
                examples = "https://slaplatform.io/problems/invalid-request") URI type,
        @Schema(description = "Short human summary of the kind of problem", examples = "Invalid request") String title,
        @Schema(description = "The HTTP status", examples = "400") int status,
        @Schema(description = "What went wrong this time; for a 500, the incident id to quote to the operators",
                examples = "impact: must not be null") String detail,
        @Schema(description = "The request path", examples = "/requests") String instance,
        @Schema(description = "For invalid input: each offending field and why") List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";
    private static final String TYPE_BASE = "https://slaplatform.io/problems/";

    /** One invalid field: its JSON path ({@code impact}, {@code body}, a header name) and the reason. */
    @Schema(name = "FieldError", description = "One invalid field, parameter or header")
    public record FieldError(
            @Schema(description = "JSON path of the field, or the parameter or header name", examples = "impact")
            String field,
            @Schema(description = "Why it is invalid", examples = "must not be null") String message) {
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
