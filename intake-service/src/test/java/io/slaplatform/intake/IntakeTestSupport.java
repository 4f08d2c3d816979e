package io.slaplatform.intake;

import io.agroal.api.AgroalDataSource;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import io.slaplatform.testkit.Sql;
import io.slaplatform.testkit.security.TestTokens;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.ConfigProvider;

import static io.restassured.RestAssured.given;

/** Shared helpers of the intake tests: a valid request body, credentials, posting it, counting rows. */
final class IntakeTestSupport {

    /** The API key header form backends send. */
    static final String API_KEY = "X-API-Key";
    /** The backend whose key the tests post with. */
    static final String TEST_BACKEND = "intake-tests";
    /** A rate far above what any test sends, so that only RateLimitTest ever meets a limit. */
    static final int UNTHROTTLED_PER_MINUTE = 100_000;

    /** The tests' form-backend key, per running application (each has its own schema). */
    private static final Map<String, String> KEYS = new ConcurrentHashMap<>();

    private IntakeTestSupport() {
    }

    /** A valid body; {@code subject} carries a unique marker so a test can find its own request. */
    static Map<String, Object> validRequest() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("licenseEmail", "ops@customer.example");
        body.put("contactEmail", "jane.doe@customer.example");
        body.put("impact", "MAJOR");
        body.put("subject", "Processing stalls at 80% " + UUID.randomUUID());
        body.put("description", "Since this morning every project stops at the densification step.");
        body.put("country", "CH");
        body.put("locale", "de-CH");
        return body;
    }

    /** A request from the tests' form backend, with its API key. */
    static RequestSpecification asFormBackend() {
        return given().header(API_KEY, formBackendKey());
    }

    /** A request from a support agent (bearer JWT). */
    static RequestSpecification asAgent() {
        return given().auth().oauth2(TestTokens.agent());
    }

    /** A request from an administrator (bearer JWT). */
    static RequestSpecification asAdmin() {
        return given().auth().oauth2(TestTokens.admin());
    }

    static ValidatableResponse post(Map<String, Object> body) {
        return asFormBackend().contentType(ContentType.JSON).body(body).when().post("/requests").then();
    }

    /** Posts a valid request and returns its id. */
    static String submit(Map<String, Object> body) {
        return post(body).statusCode(201).extract().path("id");
    }

    /** The tests' API key (created through the admin API on first use), with a rate no test reaches. */
    static String formBackendKey() {
        String schema = ConfigProvider.getConfig().getValue("db.schema", String.class);
        return KEYS.computeIfAbsent(schema, s -> issueKey(TEST_BACKEND, UNTHROTTLED_PER_MINUTE));
    }

    /** Issues a new key for {@code backendId} through the admin API and returns it. */
    static String issueKey(String backendId, Integer rateLimitPerMinute) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("label", "issued by " + backendId + " tests");
        if (rateLimitPerMinute != null) {
            body.put("rateLimitPerMinute", rateLimitPerMinute);
        }
        return asAdmin().contentType(ContentType.JSON).body(body)
                .when().post("/form-backends/" + backendId + "/api-keys")
                .then().statusCode(201).extract().path("apiKey");
    }

    static long count(AgroalDataSource dataSource, String sql, Object... parameters) {
        return Sql.count(dataSource, sql, parameters);
    }
}
