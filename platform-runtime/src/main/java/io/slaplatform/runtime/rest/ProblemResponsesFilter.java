package io.slaplatform.runtime.rest;

import io.quarkus.smallrye.openapi.OpenApiFilter;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

/**
 * Documents the errors every service answers the same way, in one place: each operation gets the responses
 * {@link ProblemMappers} gives it whatever it does (400 when it takes input, 401 and 403 when it needs
 * credentials, 500 always), and every 4xx and 5xx response of the document, these and the ones a resource
 * declares with {@code @APIResponse} (404, 409, 422, 429...), is {@code application/problem+json} with the
 * {@link Problem} schema. A resource declares an operation's own error codes and says when they happen; it
 * need not repeat the content. (A 404 is the resource's to declare: not every path parameter is an id that may
 * be unknown.)
 */
@OpenApiFilter(OpenApiFilter.RunStage.RUNTIME_STARTUP)
public class ProblemResponsesFilter implements OASFilter {

    static final String PROBLEM_REF = "#/components/schemas/Problem";

    private static final Map<String, String> DEFAULTS = Map.of(
            "400", "Invalid input: the problem names each offending field or parameter in errors[]",
            "401", "No credentials, or credentials that failed; answered with a WWW-Authenticate challenge",
            "403", "The credentials are valid but carry no role this operation requires",
            "500", "Unexpected failure: the problem carries an incident id for the operators, never a stack trace");

    /** What Quarkus writes for the 400, 401 and 403 it adds itself: replaced by what this service's problems say. */
    private static final Set<String> GENERIC = Set.of("Bad Request", "Not Authorized", "Not Allowed");

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        openAPI.getPaths().getPathItems().forEach((path, item) -> item.getOperations().values()
                .forEach(operation -> document(item, operation)));
    }

    private static void document(PathItem item, Operation operation) {
        if (operation.getResponses() == null) {
            operation.setResponses(OASFactory.createAPIResponses());
        }
        APIResponses responses = operation.getResponses();
        if (takesInput(item, operation)) {
            ensure(responses, "400");
        }
        if (operation.getSecurity() != null && !operation.getSecurity().isEmpty()) {
            ensure(responses, "401");
            ensure(responses, "403");
        }
        ensure(responses, "500");
        responses.getAPIResponses().forEach((code, response) -> {
            if (code.startsWith("4") || code.startsWith("5")) {
                asProblem(code, response);
            }
        });
    }

    private static boolean takesInput(PathItem item, Operation operation) {
        return operation.getRequestBody() != null || !empty(operation.getParameters()) || !empty(item.getParameters());
    }

    private static boolean empty(List<?> list) {
        return list == null || list.isEmpty();
    }

    private static void ensure(APIResponses responses, String code) {
        if (!responses.hasAPIResponse(code)) {
            responses.addAPIResponse(code, OASFactory.createAPIResponse().description(DEFAULTS.get(code)));
        }
    }

    private static void asProblem(String code, APIResponse response) {
        if (response.getDescription() == null || response.getDescription().isBlank()
                || GENERIC.contains(response.getDescription())) {
            response.setDescription(DEFAULTS.getOrDefault(code, "Refused; the problem says why"));
        }
        response.setContent(OASFactory.createContent().addMediaType(Problem.MEDIA_TYPE,
                OASFactory.createMediaType().schema(OASFactory.createSchema().ref(PROBLEM_REF))));
    }
}
