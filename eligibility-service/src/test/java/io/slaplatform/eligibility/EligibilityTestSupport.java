package io.slaplatform.eligibility;

import io.agroal.api.AgroalDataSource;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;

/** Shared helpers of the eligibility tests: license bodies, admin calls, row counts. */
final class EligibilityTestSupport {

    static final String PROBLEM_JSON = "application/problem+json";
    static final String PRODUCT = "Pix4Dengine";

    private EligibilityTestSupport() {
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
        return given().contentType(ContentType.JSON).body(body).when().post("/licenses").then();
    }

    /** Registers a license and returns its id. */
    static String register(Map<String, Object> body) {
        return post(body).statusCode(201).extract().path("id");
    }

    static ValidatableResponse confirm(String licenseId, Instant validFrom, Instant validUntil) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("validFrom", validFrom.toString(), "validUntil", validUntil.toString()))
                .when().put("/licenses/" + licenseId + "/enterprise-support").then();
    }

    static ValidatableResponse cancel(String licenseId) {
        return given().when().delete("/licenses/" + licenseId + "/enterprise-support").then();
    }

    /** The single number {@code sql} selects, with {@code parameters} bound in order. */
    static long count(AgroalDataSource dataSource, String sql, Object... parameters) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                s.setObject(i + 1, parameters[i]);
            }
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static int update(AgroalDataSource dataSource, String sql, Object... parameters) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                s.setObject(i + 1, parameters[i]);
            }
            return s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
