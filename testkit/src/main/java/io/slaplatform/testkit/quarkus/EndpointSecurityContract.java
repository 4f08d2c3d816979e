package io.slaplatform.testkit.quarkus;

import io.restassured.RestAssured;
import io.restassured.authentication.PreemptiveOAuth2HeaderScheme;
import io.restassured.builder.ResponseBuilder;
import io.restassured.http.ContentType;
import io.restassured.http.Header;
import io.restassured.http.Headers;
import io.restassured.response.Response;
import io.restassured.specification.FilterableRequestSpecification;
import io.restassured.specification.RequestSpecification;
import io.slaplatform.testkit.security.JwtMinter;
import io.slaplatform.testkit.security.TestTokens;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Attacks a service's HTTP API the way an outsider or a colleague with the wrong role would, against the access
 * table the service declares. Each service's test extends it as a {@code @QuarkusTest}.
 *
 * <ul>
 *     <li>The table must list exactly the operations the service's OpenAPI document serves, so a new endpoint
 *     cannot be added without deciding who may call it; each protected operation documents its security.</li>
 *     <li>Every endpoint is called anonymously, with a garbage token, and as every role: anonymous → 401
 *     problem+json with a {@code WWW-Authenticate} challenge; a role the endpoint does not grant → 403
 *     problem+json; a role it grants → neither (404 or 400 are expected: ids are random, bodies empty).
 *     Public endpoints answer everyone, even a caller with a garbage token.</li>
 *     <li>Tokens a verifier must refuse (expired, not yet valid, wrong issuer, wrong or no audience, tampered,
 *     another key, {@code alg: none}, HMAC with the public key, no expiry, truncated) → 401 on a protected
 *     endpoint that a valid token of the same role passes.</li>
 *     <li>A credential beside another (a second {@code Authorization} header, an {@code X-API-Key} beside a
 *     token) → 401, even when one of them is valid.</li>
 * </ul>
 */
public abstract class EndpointSecurityContract {

    /** Marks an endpoint anyone may call. */
    public static final Set<String> PUBLIC = Set.of();

    /** What platform-runtime adds to every service: the parked events' admin API and the health details. */
    public static final Map<String, Set<String>> PLATFORM_ENDPOINTS = Map.of(
            "GET /admin/health", Set.of("admin"),
            "GET /admin/parked-events", Set.of("admin"),
            "GET /admin/parked-events/{id}", Set.of("admin"),
            "POST /admin/parked-events/{id}/replay", Set.of("admin"));

    /** A caller: a name for the report, the roles it has, and how it presents its credentials. */
    public record Caller(String name, Set<String> roles, UnaryOperator<RequestSpecification> credentials) {
        public static Caller bearer(String name, String token, String... roles) {
            return new Caller(name, Set.of(roles), request -> request.auth().oauth2(token));
        }
    }

    /**
     * Who may call each of the service's own operations: {@code "METHOD /path/{param}"}, as the OpenAPI document
     * spells it, to the roles that may call it, or {@link #PUBLIC}. {@link #PLATFORM_ENDPOINTS} are added.
     */
    protected abstract Map<String, Set<String>> access();

    /** {@link #access()} and the {@link #PLATFORM_ENDPOINTS}, sorted. */
    private Map<String, Set<String>> table() {
        Map<String, Set<String>> table = new TreeMap<>(PLATFORM_ENDPOINTS);
        table.putAll(access());
        return table;
    }

    /** A protected operation (one of {@link #access()}'s keys) to aim the token attacks at. */
    protected abstract String attackedEndpoint();

    /** Callers besides the anonymous one and the staff and form-backend tokens, e.g. an API key. */
    protected List<Caller> moreCallers() {
        return List.of();
    }

    /**
     * The clock the attack tokens' times are set from: the service under test checks {@code exp}, {@code nbf} and
     * {@code iat} against its own wall clock, so this is the system clock unless a service runs on another.
     */
    protected Clock clock() {
        return Clock.systemUTC();
    }

    /**
     * Operations that answer a granted caller with a stream that does not end (server-sent events): they are
     * called with the JDK's HTTP client, which returns at the response's headers, and the stream is closed.
     */
    protected Set<String> streamingEndpoints() {
        return Set.of();
    }

    /** Fills a path parameter of a request; a random UUID unless the service says otherwise. */
    protected String pathParameter(String endpoint, String name) {
        return UUID.randomUUID().toString();
    }

    private String fill(String endpoint, String name) {
        return PLATFORM_ENDPOINTS.containsKey(endpoint) ? "9999999" : pathParameter(endpoint, name);
    }

    @Test
    void theAccessTableCoversExactlyTheServedOperations() {
        Map<String, Object> paths = given().queryParam("format", "json").when().get("/q/openapi")
                .then().statusCode(200).extract().jsonPath().getMap("paths");
        Set<String> served = new TreeSet<>();
        List<String> undocumented = new ArrayList<>();
        paths.forEach((path, item) -> ((Map<?, ?>) item).forEach((method, operation) -> {
            String endpoint = method.toString().toUpperCase() + " " + path;
            if (!Set.of("GET", "POST", "PUT", "DELETE", "PATCH").contains(method.toString().toUpperCase())) {
                return;
            }
            served.add(endpoint);
            Object security = ((Map<?, ?>) operation).get("security");
            boolean documented = security instanceof List<?> list && !list.isEmpty();
            if (table().containsKey(endpoint) && !table().get(endpoint).isEmpty() && !documented) {
                undocumented.add(endpoint);
            }
        }));
        assertThat(served).as("operations in /q/openapi vs the access table")
                .containsExactlyInAnyOrderElementsOf(table().keySet());
        assertThat(undocumented).as("protected operations without an OpenAPI security requirement").isEmpty();
    }

    @Test
    void unannotatedEndpointsAreDeniedAndPublicOnesIgnoreStaleTokens() {
        var config = ConfigProvider.getConfig();
        assertThat(config.getValue("quarkus.security.jaxrs.deny-unannotated-endpoints", Boolean.class)).isTrue();
        assertThat(config.getValue("quarkus.http.auth.proactive", Boolean.class)).isFalse();
    }

    @Test
    void everyEndpointAnswersOnlyTheRolesItGrants() {
        List<Caller> callers = new ArrayList<>(List.of(
                new Caller("anonymous", Set.of(), request -> request),
                new Caller("garbage token", Set.of(), request -> request.auth().oauth2("not-a-token")),
                Caller.bearer("no-role token", TestTokens.noRoles()),
                Caller.bearer("agent", TestTokens.agent(), "agent"),
                Caller.bearer("lead", TestTokens.lead(), "lead"),
                Caller.bearer("admin", TestTokens.admin(), "admin"),
                Caller.bearer("form-backend token", TestTokens.formBackend("acme-web-form"), "form-backend")));
        callers.addAll(moreCallers());
        List<String> wrong = new ArrayList<>();
        int calls = 0;
        for (Map.Entry<String, Set<String>> endpoint : new TreeMap<>(table()).entrySet()) {
            for (Caller caller : callers) {
                Response response = call(endpoint.getKey(), caller.credentials());
                calls++;
                int status = response.statusCode();
                boolean authenticated = !caller.roles().isEmpty() || caller.name().equals("no-role token");
                String expected;
                boolean ok;
                if (endpoint.getValue().isEmpty()) {
                    expected = "not 401/403 (public)";
                    ok = status != 401 && status != 403;
                } else if (caller.roles().stream().anyMatch(endpoint.getValue()::contains)) {
                    expected = "not 401/403 (granted)";
                    ok = status != 401 && status != 403;
                } else if (authenticated) {
                    expected = "403 problem+json";
                    ok = status == 403 && isProblem(response);
                } else {
                    expected = "401 problem+json with WWW-Authenticate";
                    ok = status == 401 && isProblem(response) && response.header("WWW-Authenticate") != null;
                }
                if (!ok) {
                    wrong.add(endpoint.getKey() + " as " + caller.name() + ": expected " + expected + ", got "
                            + status + " " + response.contentType());
                }
            }
        }
        assertThat(calls).isEqualTo(table().size() * callers.size());
        assertThat(wrong).as("endpoint × caller mismatches").isEmpty();
    }

    @Test
    void refusesEveryBrokenOrForgedToken() {
        String endpoint = attackedEndpoint();
        Set<String> roles = table().get(endpoint);
        assertThat(roles).as(endpoint + " must be a protected endpoint of the table").isNotNull().isNotEmpty();
        String role = roles.iterator().next();
        JwtMinter minter = TestTokens.minter();
        Instant now = clock().instant();
        JwtMinter stranger = new JwtMinter(JwtMinter.newKeyPair(), TestTokens.ISSUER);
        String valid = minter.builder().roles(role).build();

        assertThat(call(endpoint, r -> r.auth().oauth2(valid)).statusCode())
                .as("a valid " + role + " token passes " + endpoint).isNotIn(401, 403);

        Map<String, String> refused = new LinkedHashMap<>();
        refused.put("expired an hour ago", minter.builder().roles(role)
                .validBetween(now.minus(Duration.ofHours(2)), now.minus(Duration.ofHours(1))).build());
        refused.put("not valid for another hour", minter.builder().roles(role)
                .notBefore(now.plus(Duration.ofHours(1))).build());
        refused.put("another issuer", minter.builder().roles(role).issuer("https://evil.example").build());
        refused.put("another audience", minter.builder().roles(role).audiences("another-app").build());
        refused.put("no audience", minter.builder().roles(role).audiences().build());
        refused.put("tampered payload", JwtMinter.tampered(valid));
        refused.put("signed by another key", stranger.builder().roles(role).build());
        refused.put("alg none", minter.builder().roles(role).unsigned().build());
        refused.put("HS256 with the public key as secret", minter.builder().roles(role).hmacWithThePublicKey().build());
        refused.put("no expiry", minter.builder().roles(role).withoutExpiry().build());
        refused.put("truncated signature", JwtMinter.truncated(valid));

        List<String> accepted = new ArrayList<>();
        refused.forEach((name, token) -> {
            Response response = call(endpoint, r -> r.auth().oauth2(token));
            if (response.statusCode() != 401 || !isProblem(response)) {
                accepted.add(name + " → " + response.statusCode());
            }
        });
        assertThat(accepted).as("forged or broken tokens not refused with 401 on " + endpoint).isEmpty();
    }

    @Test
    void anyCredentialBesideAnotherFailsTheRequest() {
        String endpoint = attackedEndpoint();
        String role = table().get(endpoint).iterator().next();
        String valid = "Bearer " + TestTokens.minter().builder().roles(role).build();
        assertThat(call(endpoint, r -> r.header("Authorization", valid)).statusCode())
                .as("a valid " + role + " token alone passes " + endpoint).isNotIn(401, 403);

        Map<String, UnaryOperator<RequestSpecification>> doubled = new LinkedHashMap<>();
        doubled.put("a garbage token after the valid one",
                r -> r.header("Authorization", valid).header("Authorization", "Bearer not-a-token"));
        doubled.put("a garbage token before the valid one",
                r -> r.header("Authorization", "Bearer not-a-token").header("Authorization", valid));
        doubled.put("the valid token twice", r -> r.header("Authorization", valid).header("Authorization", valid));
        doubled.put("an X-API-Key beside the valid token", r -> r.header("Authorization", valid)
                .header("X-API-Key", "sfk_000000000000_garbage"));
        List<String> passed = new ArrayList<>();
        doubled.forEach((name, credentials) -> {
            Response response = call(endpoint, credentials);
            if (response.statusCode() != 401 || !isProblem(response)
                    || !response.asString().contains("ambiguous-credentials")) {
                passed.add(name + " → " + response.statusCode());
            }
        });
        assertThat(passed).as("two credentials on " + endpoint + " not refused with 401").isEmpty();
    }

    /**
     * What an outsider puts in a parameter: numbers a parser refuses or overflows, instants no calendar serves,
     * another case, control and bidirectional characters, emoji, injection attempts, a long value.
     */
    static final List<String> HOSTILE_VALUES = List.of("abc", "-1", "0", "1e3", "2147483648",
            "99999999999999999999", " ", "", ",,,", "0000-01-01T00:00:00Z", "-000001-01-01T00:00:00Z",
            "+100000-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "+10000-01", "0000-01", "2026-13", "critical",
            "\u0000", "a\u0000b", "\u202Eevil", "\uD83D\uDE80", "' OR 1=1 --", "../../etc/passwd", "%00",
            "x".repeat(2000));

    /**
     * Every query and path parameter of every operation in the OpenAPI document, each filled with each of
     * {@link #HOSTILE_VALUES} (the operation's other query parameters set to their documented examples) by a caller
     * the operation grants: the answer is a 2xx, or a 4xx problem+json, never a
     * 5xx; a 400 names the parameter; a bad query parameter is never a 404, which would say the path does not exist.
     * Streaming endpoints are left out: their 2xx answer does not end.
     */
    @Test
    void everyParameterIsAnsweredWithA2xxOrAProblemNamingItNeverA5xx() {
        Map<String, Object> paths = given().queryParam("format", "json").when().get("/q/openapi")
                .then().statusCode(200).extract().jsonPath().getMap("paths");
        List<String> wrong = new ArrayList<>();
        int calls = 0;
        for (Map.Entry<String, Object> path : new TreeMap<>(paths).entrySet()) {
            for (Map.Entry<?, ?> operation : ((Map<?, ?>) path.getValue()).entrySet()) {
                String endpoint = operation.getKey().toString().toUpperCase() + " " + path.getKey();
                Object parameters = ((Map<?, ?>) operation.getValue()).get("parameters");
                if (!table().containsKey(endpoint) || streamingEndpoints().contains(endpoint)
                        || !(parameters instanceof List<?> list)) {
                    continue;
                }
                UnaryOperator<RequestSpecification> credentials = grantedCaller(table().get(endpoint));
                // the other query parameters keep their documented examples, so that a 400 is about this one
                Map<String, String> examples = new LinkedHashMap<>();
                for (Object parameter : list) {
                    Map<?, ?> p = (Map<?, ?>) parameter;
                    if ("query".equals(p.get("in")) && p.get("example") != null) {
                        examples.put((String) p.get("name"), String.valueOf(p.get("example")));
                    }
                }
                for (Object parameter : list) {
                    String name = (String) ((Map<?, ?>) parameter).get("name");
                    String in = (String) ((Map<?, ?>) parameter).get("in");
                    if (!in.equals("query") && !in.equals("path")) {
                        continue;
                    }
                    Map<String, String> others = new LinkedHashMap<>(examples);
                    others.remove(name);
                    for (String value : HOSTILE_VALUES) {
                        Response response = callWith(endpoint, in, name, value, others, credentials);
                        calls++;
                        String problem = parameterProblem(response, in, name, endpoint.contains("{"));
                        if (problem != null) {
                            wrong.add(endpoint + " with " + in + " " + name + "=" + abbreviated(value) + ": "
                                    + problem);
                        }
                    }
                }
            }
        }
        assertThat(calls).as("parameters fuzzed").isPositive();
        assertThat(wrong).as("hostile parameter values not answered with a 2xx or a problem naming them").isEmpty();
    }

    /** Why {@code response} is a wrong answer to a hostile value of a parameter, or null when it is right. */
    private static String parameterProblem(Response response, String in, String name, boolean hasPathParameters) {
        int status = response.statusCode();
        if (status >= 500) {
            return "got " + status + " " + response.asString();
        }
        if (status < 400) {
            return null;
        }
        if (!isProblem(response)) {
            return "got " + status + " without problem+json";
        }
        if (status == 400 && in.equals("query") && !response.jsonPath().getList("errors.field").contains(name)) {
            return "got 400 not naming " + name + ": " + response.asString();
        }
        if (status == 404 && in.equals("query") && !hasPathParameters) {
            return "got 404 for a bad query parameter";
        }
        return null;
    }

    private static String abbreviated(String value) {
        return value.length() > 20 ? value.substring(0, 20) + "... (" + value.length() + " chars)" : value;
    }

    /** A caller one of {@code roles} is granted to, or an anonymous one for a public endpoint. */
    private static UnaryOperator<RequestSpecification> grantedCaller(Set<String> roles) {
        if (roles.isEmpty()) {
            return request -> request;
        }
        String role = new TreeSet<>(roles).first();
        String token = role.equals("form-backend") ? TestTokens.formBackend("acme-web-form") : TestTokens.withRoles(role);
        return request -> request.auth().oauth2(token);
    }

    /**
     * Calls one operation with one parameter set to {@code value}, the path's others filled as usual and the query
     * parameters {@code others} set.
     */
    private Response callWith(String endpoint, String in, String name, String value, Map<String, String> others,
                              UnaryOperator<RequestSpecification> credentials) {
        String[] parts = endpoint.split(" ", 2);
        RequestSpecification request = credentials.apply(given().urlEncodingEnabled(true));
        java.util.regex.Matcher parameter = java.util.regex.Pattern.compile("\\{([^}]+)}").matcher(parts[1]);
        while (parameter.find()) {
            String each = parameter.group(1);
            request = request.pathParam(each, in.equals("path") && each.equals(name) ? value : fill(endpoint, each));
        }
        for (Map.Entry<String, String> other : others.entrySet()) {
            request = request.queryParam(other.getKey(), other.getValue());
        }
        if (in.equals("query")) {
            request = request.queryParam(name, value);
        }
        if (parts[0].equals("POST") || parts[0].equals("PUT") || parts[0].equals("PATCH")) {
            request = request.contentType(ContentType.JSON).body("{}");
        }
        return request.when().request(parts[0], parts[1]).andReturn();
    }

    /** Calls one operation with empty JSON (for POST/PUT) and random path parameters. */
    protected Response call(String endpoint, UnaryOperator<RequestSpecification> credentials) {
        String[] parts = endpoint.split(" ", 2);
        String path = parts[1];
        java.util.regex.Matcher parameter = java.util.regex.Pattern.compile("\\{([^}]+)}").matcher(path);
        StringBuilder concrete = new StringBuilder();
        while (parameter.find()) {
            parameter.appendReplacement(concrete, fill(endpoint, parameter.group(1)));
        }
        parameter.appendTail(concrete);
        RequestSpecification request = credentials.apply(given());
        if (streamingEndpoints().contains(endpoint)) {
            return callStreaming(parts[0], concrete.toString(), (FilterableRequestSpecification) request);
        }
        if (parts[0].equals("POST") || parts[0].equals("PUT") || parts[0].equals("PATCH")) {
            request = request.contentType(ContentType.JSON).body("{}");
        }
        return request.when().request(parts[0], concrete.toString()).andReturn();
    }

    /**
     * Sends the request with the headers and bearer token {@code request} holds, reads the status and headers, and
     * the body only if the answer is not the stream (a 2xx stream never ends).
     */
    private static Response callStreaming(String method, String path, FilterableRequestSpecification request) {
        HttpRequest.Builder http = HttpRequest.newBuilder(
                        URI.create(RestAssured.baseURI + ":" + RestAssured.port + RestAssured.basePath + path))
                .method(method, HttpRequest.BodyPublishers.noBody())
                .header("Accept", "text/event-stream")
                .timeout(Duration.ofSeconds(30));
        for (Header header : request.getHeaders()) {
            http.header(header.getName(), header.getValue());
        }
        if (request.getAuthenticationScheme() instanceof PreemptiveOAuth2HeaderScheme bearer) {
            http.header("Authorization", "Bearer " + bearer.getAccessToken());
        }
        try {
            HttpResponse<InputStream> response = HttpClient.newHttpClient()
                    .send(http.build(), HttpResponse.BodyHandlers.ofInputStream());
            byte[] body;
            try (InputStream stream = response.body()) {
                body = response.statusCode() / 100 == 2 ? new byte[0] : stream.readAllBytes();
            }
            List<Header> headers = new ArrayList<>();
            response.headers().map().forEach((name, values) -> values.forEach(v -> headers.add(new Header(name, v))));
            ResponseBuilder built = new ResponseBuilder().setStatusCode(response.statusCode())
                    .setStatusLine("HTTP/1.1 " + response.statusCode()).setHeaders(new Headers(headers))
                    .setBody(body);
            response.headers().firstValue("Content-Type").ifPresent(built::setContentType);
            return built.build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static boolean isProblem(Response response) {
        return response.contentType() != null && response.contentType().startsWith("application/problem+json");
    }
}
