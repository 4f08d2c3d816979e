package io.slaplatform.eligibility;

import io.agroal.api.AgroalDataSource;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import io.slaplatform.testkit.Sql;
import io.slaplatform.testkit.security.TestTokens;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;

/** Shared helpers of the eligibility tests: license bodies, admin calls, row counts. */
final class EligibilityTestSupport {

    static final String PROBLEM_JSON = "application/problem+json";
    static final String PRODUCT = "Pix4Dengine";

    // A one-month license with an add-on for most of it; requests are decided as of their submission time.
    static final Instant ACTIVATED = Instant.parse("2026-03-01T00:00:00Z");
    static final Instant EXPIRES = Instant.parse("2026-04-01T00:00:00Z");
    static final Instant FROM = Instant.parse("2026-03-05T00:00:00Z");
    static final Instant UNTIL = Instant.parse("2026-03-25T00:00:00Z");
    static final Duration QUIET = Duration.ofSeconds(2);

    private EligibilityTestSupport() {
    }

    /** A request from an administrator, the only role the license API serves. */
    static RequestSpecification asAdmin() {
        return given().auth().oauth2(TestTokens.admin());
    }

    /** An address no other test uses, so each test sees only its own licenses. */
    static String uniqueEmail() {
        return "ops-" + UUID.randomUUID() + "@customer.example";
    }

    /** A valid body for {@code POST /licenses}. */
    static Map<String, Object> newLicense(String email, String country, Instant activatedAt, Instant expiresAt) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("email", email);
        body.put("product", PRODUCT);
        if (country != null) {
            body.put("country", country);
        }
        body.put("activatedAt", activatedAt.toString());
        body.put("expiresAt", expiresAt.toString());
        return body;
    }

    static ValidatableResponse post(Map<String, Object> body) {
        return asAdmin().contentType(ContentType.JSON).body(body).when().post("/licenses").then();
    }

    /** Registers a license and returns its id. */
    static String register(Map<String, Object> body) {
        return post(body).statusCode(201).extract().path("id");
    }

    static ValidatableResponse confirm(String licenseId, Instant validFrom, Instant validUntil) {
        return asAdmin().contentType(ContentType.JSON)
                .body(Map.of("validFrom", validFrom.toString(), "validUntil", validUntil.toString()))
                .when().put("/licenses/" + licenseId + "/enterprise-support").then();
    }

    static ValidatableResponse cancel(String licenseId) {
        return asAdmin().when().delete("/licenses/" + licenseId + "/enterprise-support").then();
    }

    static long count(AgroalDataSource dataSource, String sql, Object... parameters) {
        return Sql.count(dataSource, sql, parameters);
    }

    static int update(AgroalDataSource dataSource, String sql, Object... parameters) {
        return Sql.update(dataSource, sql, parameters);
    }
}
