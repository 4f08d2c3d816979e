package io.slaplatform.intake;

import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.slaplatform.events.RequestResolved;
import io.slaplatform.runtime.outbox.Outbox;
import io.slaplatform.runtime.outbox.OutboxRelay;
import io.slaplatform.testkit.EventLog;
import io.slaplatform.testkit.quarkus.KafkaTestResource;
import io.slaplatform.testkit.quarkus.PostgresSchemaTestResource;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

import static io.slaplatform.intake.IntakeTestSupport.count;
import static io.slaplatform.intake.IntakeTestSupport.submit;
import static io.slaplatform.intake.IntakeTestSupport.validRequest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The transactional outbox under a crash. With the relay switched off, the service behaves as one that died
 * right after committing: the request and its event are in PostgreSQL, nothing is on Kafka. The relay of the
 * next run ("after the restart") publishes the event exactly once; a rolled-back transaction publishes nothing.
 */
@QuarkusTest
@TestProfile(OutboxCrashTest.RelayDown.class)
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresSchemaTestResource.class)
class OutboxCrashTest {

    /** The relay never runs on its own in this profile. */
    public static class RelayDown implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("outbox.relay.enabled", "false");
        }
    }

    @Inject
    AgroalDataSource dataSource;

    @Inject
    OutboxRelay relay;

    @Inject
    Outbox outbox;

    private final EventLog events = KafkaTestResource.events();

    @Test
    void eventCommittedBeforeACrashIsPublishedOnceAfterRestart() {
        String id = submit(validRequest());

        // "crash": committed, not sent
        assertThat(count(dataSource, "SELECT count(*) FROM support_request WHERE id = ?", UUID.fromString(id))).isEqualTo(1);
        assertThat(count(dataSource, "SELECT count(*) FROM outbox_event WHERE record_key = ?", id))
                .isEqualTo(1);
        assertThat(events.settle(id, "RequestSubmitted", Duration.ofSeconds(1))).isEmpty();

        // "restart": the relay publishes what is pending, and only once however often it runs
        assertThat(relay.drain()).isGreaterThanOrEqualTo(1);
        relay.drain();
        events.await(id, "RequestSubmitted", Duration.ofSeconds(10));
        assertThat(events.settle(id, "RequestSubmitted", Duration.ofSeconds(1))).hasSize(1);
        assertThat(count(dataSource, "SELECT count(*) FROM outbox_event")).isZero();
    }

    @Test
    void eventOfARolledBackTransactionIsNeverPublished() {
        UUID requestId = UUID.randomUUID();
        assertThatThrownBy(() -> QuarkusTransaction.requiringNew().run(() -> {
            outbox.record(new RequestResolved(requestId, Instant.now()));
            throw new IllegalStateException("the state change failed after the event was recorded");
        })).isInstanceOf(IllegalStateException.class);

        relay.drain();
        assertThat(count(dataSource, "SELECT count(*) FROM outbox_event WHERE record_key = ?", requestId.toString()))
                .isZero();
        assertThat(events.settle(requestId.toString(), "RequestResolved", Duration.ofSeconds(1))).isEmpty();
    }
}
