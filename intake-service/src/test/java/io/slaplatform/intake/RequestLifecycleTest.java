package io.slaplatform.intake;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.slaplatform.testkit.AsyncApiContract;
import io.slaplatform.testkit.EventLog;
import io.slaplatform.testkit.ReceivedEvent;
import io.slaplatform.testkit.quarkus.KafkaTestResource;
import io.slaplatform.testkit.quarkus.PostgresSchemaTestResource;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

import static io.slaplatform.intake.IntakeTestSupport.asAgent;
import static io.slaplatform.intake.IntakeTestSupport.submit;
import static io.slaplatform.intake.IntakeTestSupport.validRequest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresSchemaTestResource.class)
class RequestLifecycleTest {

    private final EventLog events = KafkaTestResource.events();

    private static void respond(String id, String kind, int status) {
        asAgent().contentType(ContentType.JSON).body(Map.of("kind", kind, "text", "We are on it: " + kind))
                .when().post("/requests/" + id + "/responses").then().statusCode(status);
    }

    @Test
    void lifecycleEventsArePublishedInOrderAndMatchTheContract() {
        String id = submit(validRequest());
        respond(id, "ACTION_PLAN", 201);
        asAgent().contentType(ContentType.JSON).body(Map.of("text", "Still failing on project 12"))
                .when().post("/requests/" + id + "/customer-replies").then().statusCode(201);
        asAgent().contentType(ContentType.JSON).body(Map.of("impact", "CRITICAL", "reason", "All projects stopped"))
                .when().put("/requests/" + id + "/impact").then().statusCode(200).body("impact", equalTo("CRITICAL"));
        respond(id, "RESOLUTION", 201);

        events.await(id, "RequestResolved", Duration.ofSeconds(10));
        List<ReceivedEvent> all = events.forKey(id);
        assertThat(all).extracting(ReceivedEvent::type).containsExactly("RequestSubmitted", "SupportResponded",
                "CustomerReplied", "ImpactReclassified", "SupportResponded", "RequestResolved");
        assertThat(all).extracting(ReceivedEvent::partition).containsOnly(all.get(0).partition());
        assertThat(all.get(3).json().path("previousImpact").asText()).isEqualTo("MAJOR");
        assertThat(all.get(3).json().path("newImpact").asText()).isEqualTo("CRITICAL");
        assertThat(all.get(4).json().path("kind").asText()).isEqualTo("RESOLUTION");
        AsyncApiContract.load().assertConforms(all);

        asAgent().when().get("/requests/" + id).then()
                .statusCode(200)
                .body("status", equalTo("RESOLVED"))
                .body("history.type", contains("SUBMITTED", "SUPPORT_RESPONDED", "CUSTOMER_REPLIED",
                        "IMPACT_RECLASSIFIED", "SUPPORT_RESPONDED", "RESOLVED"));
    }

    @Test
    void actionsOnAResolvedRequestAreConflictsAndEmitNothing() {
        String id = submit(validRequest());
        respond(id, "RESOLUTION", 201);
        events.await(id, "RequestResolved", Duration.ofSeconds(10));

        respond(id, "STATUS_UPDATE", 409);
        asAgent().contentType(ContentType.JSON).body(Map.of("text", "hello?"))
                .when().post("/requests/" + id + "/customer-replies").then()
                .statusCode(409)
                .contentType("application/problem+json")
                .body("type", equalTo("https://slaplatform.io/problems/request-resolved"));
        asAgent().contentType(ContentType.JSON).body(Map.of("impact", "LIMITED", "reason", "fine now"))
                .when().put("/requests/" + id + "/impact").then().statusCode(409);

        assertThat(events.settle(id, "SupportResponded", Duration.ofSeconds(1))).hasSize(1);
        assertThat(events.forKey(id)).hasSize(3);
    }

    @Test
    void reclassifyingToTheSameImpactChangesNothing() {
        String id = submit(validRequest());
        asAgent().contentType(ContentType.JSON).body(Map.of("impact", "MAJOR", "reason", "confirmed"))
                .when().put("/requests/" + id + "/impact").then().statusCode(200).body("impact", equalTo("MAJOR"));
        assertThat(events.settle(id, "ImpactReclassified", Duration.ofSeconds(1))).isEmpty();
    }

    @Test
    void lifecycleInputIsValidated() {
        String id = submit(validRequest());
        asAgent().contentType(ContentType.JSON).body(Map.of("kind", "APOLOGY", "text", "sorry"))
                .when().post("/requests/" + id + "/responses").then()
                .statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("kind"));
        asAgent().contentType(ContentType.JSON).body(Map.of("kind", "ACTION_PLAN"))
                .when().post("/requests/" + id + "/responses").then()
                .statusCode(400).body("errors[0].field", equalTo("text"));
        asAgent().contentType(ContentType.JSON).body(Map.of("impact", "CRITICAL"))
                .when().put("/requests/" + id + "/impact").then()
                .statusCode(400).body("errors[0].field", equalTo("reason"));
        asAgent().contentType(ContentType.JSON).body(Map.of("text", "hi"))
                .when().post("/requests/" + java.util.UUID.randomUUID() + "/customer-replies").then()
                .statusCode(404).contentType("application/problem+json");
        assertThat(events.settle(id, "SupportResponded", Duration.ofMillis(500))).isEmpty();
    }
}
