package io.slaplatform.intake;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.slaplatform.events.CloudEventRecords;
import io.slaplatform.events.RejectionReason;
import io.slaplatform.events.RequestAccepted;
import io.slaplatform.events.RequestRejected;
import io.slaplatform.testkit.quarkus.KafkaTestResource;
import io.slaplatform.testkit.quarkus.PostgresSchemaTestResource;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import static io.slaplatform.intake.IntakeTestSupport.asAgent;
import static io.slaplatform.intake.IntakeTestSupport.submit;
import static io.slaplatform.intake.IntakeTestSupport.validRequest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/** intake-service shows eligibility-service's decisions, consumed from Kafka, once. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresSchemaTestResource.class)
class EligibilityDecisionTest {

    private static String status(String id) {
        return asAgent().when().get("/requests/" + id).then().statusCode(200).extract().path("status");
    }

    private static List<String> history(String id) {
        return asAgent().when().get("/requests/" + id).then().extract().path("history.type");
    }

    private static void awaitStatus(String id, String status) {
        Awaitility.await().atMost(10, TimeUnit.SECONDS).pollInterval(50, TimeUnit.MILLISECONDS)
                .until(() -> status.equals(status(id)));
    }

    @Test
    void acceptedDecisionMakesTheRequestAccepted() {
        String id = submit(validRequest());
        KafkaTestResource.publish(CloudEventRecords.record(new RequestAccepted(UUID.fromString(id),
                UUID.randomUUID(), "CH", Instant.now(), Instant.now()), UUID.randomUUID(), "/eligibility-service"));
        awaitStatus(id, "ACCEPTED");
        assertThat(history(id)).containsExactly("SUBMITTED", "ACCEPTED");
    }

    @Test
    void rejectedDecisionShowsTheReason() {
        String id = submit(validRequest());
        KafkaTestResource.publish(CloudEventRecords.record(new RequestRejected(UUID.fromString(id),
                        RejectionReason.LICENSE_EXPIRED, "The license expired on 2026-01-12", Instant.now(),
                        Instant.now()), UUID.randomUUID(), "/eligibility-service"));
        awaitStatus(id, "REJECTED");
        asAgent().when().get("/requests/" + id).then()
                .body("rejectionReason", equalTo("LICENSE_EXPIRED"))
                .body("rejectionDetail", equalTo("The license expired on 2026-01-12"));
    }

    @Test
    void redeliveredDecisionIsAppliedOnce() throws InterruptedException {
        String id = submit(validRequest());
        ProducerRecord<String, String> decision = CloudEventRecords.record(new RequestAccepted(UUID.fromString(id),
                UUID.randomUUID(), "CH", Instant.now(), Instant.now()), UUID.randomUUID(), "/eligibility-service");
        KafkaTestResource.publish(decision);
        KafkaTestResource.publish(decision);
        awaitStatus(id, "ACCEPTED");
        Thread.sleep(Duration.ofSeconds(1).toMillis()); // give the duplicate time to arrive
        assertThat(history(id)).containsExactly("SUBMITTED", "ACCEPTED");
    }

    @Test
    void unreadableRecordsAreParkedForAnOperatorAndLaterDecisionsStillApply() {
        String id = submit(validRequest());
        KafkaTestResource.publish(new ProducerRecord<>("support.eligibility", id, "{not json"));
        KafkaTestResource.publish(CloudEventRecords.record("support.eligibility", id, UUID.randomUUID(),
                "RequestAccepted", "/eligibility-service", Instant.now(), "{\"requestId\": 42"));
        KafkaTestResource.publish(CloudEventRecords.record(new RequestAccepted(UUID.fromString(id),
                UUID.randomUUID(), "CH", Instant.now(), Instant.now()), UUID.randomUUID(), "/eligibility-service"));
        awaitStatus(id, "ACCEPTED");

        // both unreadable records were parked before the decision behind them was applied: nothing lost untraced
        List<String> parked = IntakeTestSupport.asAdmin().when().get("/admin/parked-events?limit=1000").then()
                .statusCode(200).extract().jsonPath().getList("findAll { it.key == '" + id + "' }.ceType");
        assertThat(parked).containsExactlyInAnyOrder("unreadable", "RequestAccepted");
    }
}
