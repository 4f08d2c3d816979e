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
 * </ul>
 */
public abstract class EndpointSecurityContract {

    /** Marks an endpoint anyone may call. */
    public static final Set<String> PUBLIC = Set.of();

    /** What platform-runtime adds to every service: the parked events' admin API. */
    public static final Map<String, Set<String>> PLATFORM_ENDPOINTS = Map.of(
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
