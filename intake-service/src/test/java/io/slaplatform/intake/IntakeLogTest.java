package io.slaplatform.intake;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.slaplatform.testkit.quarkus.KafkaTestResource;
import io.slaplatform.testkit.quarkus.PostgresSchemaTestResource;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static io.slaplatform.intake.IntakeTestSupport.API_KEY;
import static io.slaplatform.intake.IntakeTestSupport.asAgent;
import static io.slaplatform.intake.IntakeTestSupport.issueKey;
import static io.slaplatform.intake.IntakeTestSupport.submit;
import static io.slaplatform.intake.IntakeTestSupport.validRequest;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What intake writes to its logs at INFO and above: ids, the submitting backend's id, impact and country; never a
 * customer's e-mail address, the text of a request, response or reply, or an API key's secret.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresSchemaTestResource.class)
class IntakeLogTest {

    @Test
    void theRequestLifecycleLogsNoPersonalDataOrSecrets() {
        String marker = UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> body = validRequest();
        body.put("licenseEmail", "license." + marker + "@customer.example");
        body.put("contactEmail", "contact." + marker + "@customer.example");
        body.put("subject", "Subject " + marker);
        body.put("description", "Description " + marker);
        String backend = "log-test-" + marker;
        List<CapturedLogs.Line> lines;
        String id;
        String apiKey;
        try (CapturedLogs logs = CapturedLogs.atOrAbove(Level.INFO)) {
            apiKey = issueKey(backend, null);
            id = given().header(API_KEY, apiKey).contentType(ContentType.JSON).body(body).when().post("/requests")
                    .then().statusCode(201).extract().path("id");
            asAgent().contentType(ContentType.JSON).body(Map.of("kind", "ACTION_PLAN", "text", "Response " + marker))
                    .when().post("/requests/" + id + "/responses").then().statusCode(201);
            asAgent().contentType(ContentType.JSON).body(Map.of("text", "Reply " + marker))
                    .when().post("/requests/" + id + "/customer-replies").then().statusCode(201);
            asAgent().contentType(ContentType.JSON).body(Map.of("impact", "CRITICAL", "reason", "Reason " + marker))
                    .when().put("/requests/" + id + "/impact").then().statusCode(200);
            given().header(API_KEY, apiKey.substring(0, apiKey.length() - 1) + "x").contentType(ContentType.JSON)
                    .body(body).when().post("/requests").then().statusCode(401);
            submit(validRequest());
            lines = logs.lines();
        }

        assertThat(lines).as("the capture works: the submission is logged with its id and backend")
                .anySatisfy(line -> assertThat(line.text()).contains(id).contains(backend));
        assertThat(lines).as("log lines at INFO and above").allSatisfy(line -> assertThat(line.text())
                .doesNotContain(marker + "@", "Description " + marker, "Subject " + marker, "Response " + marker,
                        "Reply " + marker, "Reason " + marker, apiKey.substring(17, 30)));
    }
}
