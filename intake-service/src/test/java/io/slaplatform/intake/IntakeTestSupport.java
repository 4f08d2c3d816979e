package io.slaplatform.intake;

import io.agroal.api.AgroalDataSource;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.slaplatform.testkit.Sql;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;

/** Shared helpers of the intake tests: a valid request body, posting it, counting rows. */
final class IntakeTestSupport {

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

    static ValidatableResponse post(Map<String, Object> body) {
        return given().contentType(ContentType.JSON).body(body).when().post("/requests").then();
    }

    /** Posts a valid request and returns its id. */
    static String submit(Map<String, Object> body) {
        return post(body).statusCode(201).extract().path("id");
    }

    static long count(AgroalDataSource dataSource, String sql, Object... parameters) {
        return Sql.count(dataSource, sql, parameters);
    }
}
