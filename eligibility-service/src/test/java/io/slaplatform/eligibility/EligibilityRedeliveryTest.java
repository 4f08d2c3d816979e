package io.slaplatform.eligibility;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.slaplatform.events.CloudEventHeaders;
import io.slaplatform.events.CloudEventRecords;
import io.slaplatform.events.Impact;
import io.slaplatform.events.RequestSubmitted;
import io.slaplatform.testkit.AsyncApiContract;
import io.slaplatform.testkit.EventLog;
import io.slaplatform.testkit.ReceivedEvent;
import io.slaplatform.testkit.quarkus.KafkaTestResource;
import io.slaplatform.testkit.quarkus.PostgresSchemaTestResource;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import static io.slaplatform.eligibility.EligibilityTestSupport.QUIET;
import static io.slaplatform.eligibility.EligibilityTestSupport.FROM;
import static io.slaplatform.eligibility.EligibilityTestSupport.EXPIRES;
import static io.slaplatform.eligibility.EligibilityTestSupport.ACTIVATED;
import static io.slaplatform.eligibility.EligibilityTestSupport.confirm;
import static io.slaplatform.eligibility.EligibilityTestSupport.count;
import static io.slaplatform.eligibility.EligibilityTestSupport.newLicense;
import static io.slaplatform.eligibility.EligibilityTestSupport.register;
import static io.slaplatform.eligibility.EligibilityTestSupport.uniqueEmail;
import static io.slaplatform.eligibility.EligibilityTestSupport.update;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A request arriving more than once is decided once. Two mechanisms see to it, and each part of the test
 * takes the other one out of play, so removing either mechanism fails the test:
 * the consumed-event log (same {@code ce_id}: a redelivery) and the decision row (same request id under a new
 * {@code ce_id}: a producer that re-sent it).
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresSchemaTestResource.class)
class EligibilityRedeliveryTest extends BeforeTheLicenses {

    private static final Instant MID = Instant.parse("2026-03-10T12:00:00Z");
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    AgroalDataSource dataSource;

    private final EventLog events = KafkaTestResource.events();

    @Test
    void sameRequestDeliveredAgainIsDecidedOnce() {
        String email = uniqueEmail();
        confirm(register(newLicense(email, "CH", ACTIVATED, EXPIRES)), ACTIVATED, EXPIRES).statusCode(200);
        RequestSubmitted request = new RequestSubmitted(UUID.randomUUID(), email, "jane.doe@customer.example",
                Impact.CRITICAL, "Processing stalls", "Every project stops at densification.", "CH", null, MID);
        String key = request.requestId().toString();
        ProducerRecord<String, String> record = CloudEventRecords.record(request, UUID.randomUUID(), "/intake-service");
        String ceId = new String(record.headers().lastHeader(CloudEventHeaders.ID).value());

        // 1. The same record twice, as Kafka redelivers after a consumer crash: one decision.
        KafkaTestResource.publish(record);
        KafkaTestResource.publish(record);
        events.await(key, "RequestAccepted", WAIT);
        assertThat(events.settle(key, "RequestAccepted", QUIET)).hasSize(1);
        assertThat(decisionRows(request)).isEqualTo(1);
        assertThat(count(dataSource, "SELECT count(*) FROM consumed_event WHERE event_id = ?", ceId)).isEqualTo(1);

        // 2. The same payload under a NEW ce_id: the consumed-event log lets it through, so this part proves the
        //    decision-row guard. Without the existence check in EligibilityService.decide the primary key refuses
        //    a second row, the handler fails on every retry and the record is parked (parked_event) instead of
        //    applied: the parked-row assertion fails.
        ProducerRecord<String, String> resent = CloudEventRecords.record(request, UUID.randomUUID(),
                "/intake-service");
        String resentCeId = new String(resent.headers().lastHeader(CloudEventHeaders.ID).value());
        KafkaTestResource.publish(resent);
        awaitConsumed(resentCeId);
        assertThat(count(dataSource, "SELECT count(*) FROM parked_event WHERE ce_id = ?", resentCeId)).isZero();
        assertThat(events.settle(key, "RequestAccepted", QUIET)).hasSize(1);
        assertThat(decisionRows(request)).isEqualTo(1);

        // 3. The decision row taken away, the first record redelivered once more: only the consumed-event log
        //    stands between it and a second decision, so this part proves the ce_id de-duplication. With the
        //    listener calling the service without IdempotentConsumer, a second RequestAccepted appears here.
        assertThat(update(dataSource, "DELETE FROM eligibility_decision WHERE request_id = ?", request.requestId()))
                .isEqualTo(1);
        KafkaTestResource.publish(record);
        List<ReceivedEvent> decisions = events.settle(key, "RequestAccepted", QUIET);
        assertThat(decisions).hasSize(1);
        assertThat(events.forKey(key, "RequestRejected")).isEmpty();
        assertThat(decisionRows(request)).isZero();

        AsyncApiContract.load().assertConforms(events.forKey(key));
    }

    private long decisionRows(RequestSubmitted request) {
        return count(dataSource, "SELECT count(*) FROM eligibility_decision WHERE request_id = ?", request.requestId());
    }

    /** Waits until the service has consumed (and so handled or skipped) the record with this ce_id. */
    private void awaitConsumed(String ceId) {
        Awaitility.await("consumption of " + ceId).atMost(WAIT).until(() ->
                count(dataSource, "SELECT count(*) FROM consumed_event WHERE event_id = ?", ceId) == 1);
    }
}
