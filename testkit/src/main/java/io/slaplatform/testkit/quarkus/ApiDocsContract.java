package io.slaplatform.testkit.quarkus;

import io.restassured.path.json.JsonPath;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every service's API documentation promises its readers, checked on the document the service serves. Each
 * service's test extends it as a {@code @QuarkusTest} with the test resources its application needs.
 *
 * <ul>
 *     <li>The Swagger UI answers at {@code /q/swagger-ui/}; {@code /q/openapi} names, versions and describes the
 *     service.</li>
 *     <li>Every operation has a summary and a declared tag, and documents a success response.</li>
 *     <li>Every error response (4xx, 5xx) is {@code application/problem+json} with the shared {@code Problem}
 *     schema, and each operation documents the errors it can answer: 400 when it takes input (a body or a
 *     parameter), 404 when its path names an id (unless the service says the id cannot be unknown), 401 and 403
 *     when it needs credentials.</li>
 *     <li>Every request body is JSON whose every property has a description and an example, so the Swagger UI
 *     offers a realistic body to try.</li>
 * </ul>
 */
public abstract class ApiDocsContract {

    /** The media type of every error response. */
    public static final String PROBLEM_JSON = "application/problem+json";
    /** The shared error schema (platform-runtime's {@code Problem}). */
    public static final String PROBLEM_SCHEMA = "#/components/schemas/Problem";

    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");

    /** One operation of the document, with the parameters of its path item. */
    protected record Operation(String method, String path, Map<String, Object> body, List<Object> pathParameters) {

        String name() {
            return method.toUpperCase() + " " + path;
        }

        @SuppressWarnings("unchecked")
        Map<String, Object> responses() {
            Object responses = body.get("responses");
            return responses == null ? Map.of() : (Map<String, Object>) responses;
        }

        boolean takesInput() {
            Object parameters = body.get("parameters");
            boolean ownParameters = parameters instanceof List<?> list && !list.isEmpty();
            return body.get("requestBody") != null || ownParameters || !pathParameters.isEmpty();
        }

        boolean namesAnId() {
            return path.contains("{");
        }

        boolean isProtected() {
            return body.get("security") instanceof List<?> list && !list.isEmpty();
        }
    }

    /** The service's OpenAPI document. */
    protected static JsonPath openApi() {
        return given().queryParam("format", "json").when().get("/q/openapi")
                .then().statusCode(200).extract().jsonPath();
    }

    /** Every operation of the document, by path and method. */
    @SuppressWarnings("unchecked")
    protected static List<Operation> operations(JsonPath document) {
        List<Operation> operations = new ArrayList<>();
        Map<String, Object> paths = document.getMap("paths");
        paths.forEach((path, item) -> {
            Map<String, Object> pathItem = (Map<String, Object>) item;
            Object shared = pathItem.get("parameters");
            List<Object> pathParameters = shared instanceof List<?> list ? (List<Object>) list : List.of();
            pathItem.forEach((method, operation) -> {
                if (METHODS.contains(method)) {
                    operations.add(new Operation(method, path, (Map<String, Object>) operation, pathParameters));
                }
            });
        });
        assertThat(operations).as("operations in /q/openapi").isNotEmpty();
        return operations;
    }

    @Test
    void servesTheSwaggerUi() {
        String page = given().when().get("/q/swagger-ui/").then()
                .statusCode(200)
                .contentType(org.hamcrest.Matchers.startsWith("text/html"))
                .extract().asString();
        assertThat(page).contains("swagger-ui");
    }

    @Test
    void theDocumentNamesVersionsAndDescribesTheService() {
        JsonPath document = openApi();
        assertThat(document.getString("info.title")).as("info.title").isNotBlank();
        assertThat(document.getString("info.version")).as("info.version").isNotBlank();
        assertThat(document.getString("info.description")).as("info.description").isNotBlank().hasSizeGreaterThan(40);
    }

    @Test
    void everyOperationHasASummaryADeclaredTagAndASuccessResponse() {
        JsonPath document = openApi();
        Set<String> declaredTags = new TreeSet<>();
        List<Map<String, Object>> tags = document.getList("tags");
        (tags == null ? List.<Map<String, Object>>of() : tags).forEach(tag -> {
            assertThat((String) tag.get("description")).as("description of tag " + tag.get("name")).isNotBlank();
            declaredTags.add((String) tag.get("name"));
        });
        List<String> wrong = check(document, (operation, problems) -> {
            if (!(operation.body().get("summary") instanceof String summary) || summary.isBlank()) {
                problems.add("no summary");
            }
            if (!(operation.body().get("tags") instanceof List<?> opTags) || opTags.isEmpty()
                    || !declaredTags.containsAll(opTags)) {
                problems.add("no tag, or a tag not declared with a description: " + operation.body().get("tags"));
            }
            if (operation.responses().keySet().stream().noneMatch(code -> code.startsWith("2"))) {
                problems.add("no 2xx response");
            }
        });
        assertThat(wrong).as("operations without summary, tag or success response").isEmpty();
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyErrorResponseIsAProblemAndEachOperationDocumentsItsErrors() {
        JsonPath document = openApi();
        List<String> wrong = check(document, (operation, problems) -> {
            Map<String, Object> responses = operation.responses();
            List<String> required = new ArrayList<>();
            if (operation.takesInput()) {
                required.add("400");
            }
            if (operation.namesAnId() && !withoutNotFound().contains(operation.name())) {
                required.add("404");
            }
            if (operation.isProtected()) {
                required.addAll(List.of("401", "403"));
            }
            required.stream().filter(code -> !responses.containsKey(code))
                    .forEach(code -> problems.add("does not document " + code));
            responses.forEach((code, value) -> {
                if (!(code.startsWith("4") || code.startsWith("5"))) {
                    return;
                }
                Map<String, Object> response = (Map<String, Object>) value;
                if (!(response.get("description") instanceof String description) || description.isBlank()) {
                    problems.add(code + " has no description");
                }
                Object content = response.get("content");
                if (!(content instanceof Map<?, ?> types) || !types.keySet().equals(Set.of(PROBLEM_JSON))) {
                    problems.add(code + " is not (only) " + PROBLEM_JSON + ": " + content);
                    return;
                }
                Object schema = ((Map<String, Object>) types.get(PROBLEM_JSON)).get("schema");
                if (!(schema instanceof Map<?, ?> s) || !PROBLEM_SCHEMA.equals(s.get("$ref"))) {
                    problems.add(code + " does not use " + PROBLEM_SCHEMA + ": " + schema);
                }
            });
        });
        assertThat(wrong).as("operations with undocumented or non-problem errors").isEmpty();

        Map<String, Object> problem = document.getMap("components.schemas.Problem");
        assertThat(problem).as("the Problem schema").isNotNull();
        Map<String, Object> properties = (Map<String, Object>) problem.get("properties");
        assertThat(properties).containsKeys("type", "title", "status", "detail", "instance", "errors");
        properties.forEach((name, property) -> assertThat(((Map<String, Object>) property).get("description"))
                .as("description of Problem." + name).isNotNull());
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyRequestBodyPropertyHasADescriptionAndAnExample() {
        JsonPath document = openApi();
        Map<String, Object> schemas = document.getMap("components.schemas");
        int[] bodies = {0};
        List<String> wrong = check(document, (operation, problems) -> {
            Object requestBody = operation.body().get("requestBody");
            if (requestBody == null) {
                return;
            }
            bodies[0]++;
            Map<String, Object> content = (Map<String, Object>) ((Map<String, Object>) requestBody).get("content");
            Map<String, Object> json = content == null ? null : (Map<String, Object>) content.get("application/json");
            if (json == null || !(json.get("schema") instanceof Map<?, ?> schema)) {
                problems.add("request body without an application/json schema");
                return;
            }
            Map<String, Object> resolved = resolve((Map<String, Object>) schema, schemas);
            Map<String, Object> properties = (Map<String, Object>) resolved.get("properties");
            if (properties == null || properties.isEmpty()) {
                problems.add("request body schema without properties: " + schema);
                return;
            }
            properties.forEach((name, value) -> {
                Map<String, Object> property = (Map<String, Object>) value;
                if (!(property.get("description") instanceof String description) || description.isBlank()) {
                    problems.add("property " + name + " has no description");
                }
                if (!hasExample(property) && !hasExample(resolve(property, schemas))) {
                    problems.add("property " + name + " has no example");
                }
            });
        });
        assertThat(wrong).as("request bodies without described, exemplified properties").isEmpty();
        assertThat(bodies[0]).as("operations with a request body").isGreaterThanOrEqualTo(minimumRequestBodies());
    }

    /**
     * Operations ({@code "METHOD /path/{param}"}) whose path parameter is no id that can be unknown, so they answer
     * no 404 (e.g. a list under a parent any name of which is valid).
     */
    protected Set<String> withoutNotFound() {
        return Set.of();
    }

    /** How many operations take a request body at least; a service whose API takes none says 0. */
    protected int minimumRequestBodies() {
        return 1;
    }

    private static boolean hasExample(Map<String, Object> schema) {
        return schema.get("example") != null
                || schema.get("examples") instanceof List<?> examples && !examples.isEmpty();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> resolve(Map<String, Object> schema, Map<String, Object> schemas) {
        Object ref = schema.get("$ref");
        if (ref instanceof String name && name.startsWith("#/components/schemas/") && schemas != null) {
            Object target = schemas.get(name.substring("#/components/schemas/".length()));
            if (target instanceof Map<?, ?> map) {
                return (Map<String, Object>) map;
            }
        }
        return schema;
    }

    /** Runs a check on every operation; the problems found, each prefixed with its operation. */
    private static List<String> check(JsonPath document, BiConsumer<Operation, List<String>> check) {
        Map<String, List<String>> found = new LinkedHashMap<>();
        for (Operation operation : operations(document)) {
            List<String> problems = new ArrayList<>();
            check.accept(operation, problems);
            if (!problems.isEmpty()) {
                found.put(operation.name(), problems);
            }
        }
        return found.entrySet().stream().map(e -> e.getKey() + ": " + String.join("; ", e.getValue())).toList();
    }
}
