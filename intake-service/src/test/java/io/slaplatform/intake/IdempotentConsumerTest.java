package io.slaplatform.intake;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.slaplatform.events.CloudEventHeaders;
import io.slaplatform.events.CloudEventRecords;
import io.slaplatform.events.EventType;
import io.slaplatform.events.RequestResolved;
import io.slaplatform.runtime.messaging.IdempotentConsumer;
import io.slaplatform.testkit.Sql;
import io.slaplatform.testkit.quarkus.KafkaTestResource;
import io.slaplatform.testkit.quarkus.PostgresSchemaTestResource;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The consumed-event log on its own: the same ce_id twice runs the handler once, whatever the handler does; a
 * failing handler is retried, and parked when it keeps failing.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresSchemaTestResource.class)
class IdempotentConsumerTest {

    @Inject
    IdempotentConsumer consumer;
    @Inject
    AgroalDataSource dataSource;

    private static ConsumerRecord<String, String> asConsumed(ProducerRecord<String, String> produced, long offset) {
        ConsumerRecord<String, String> record = new ConsumerRecord<>(produced.topic(), 0, offset, produced.key(),
                produced.value());
        produced.headers().forEach(h -> record.headers().add(h));
        return record;
    }

    @Test
    void sameEventIdTwiceRunsTheHandlerOnce() {
        ProducerRecord<String, String> produced = CloudEventRecords.record(
                new RequestResolved(UUID.randomUUID(), Instant.now()), UUID.randomUUID(), "/test");
        AtomicInteger runs = new AtomicInteger();

        boolean first = consumer.consume(asConsumed(produced, 1), Set.of(EventType.REQUEST_RESOLVED),
                (event, payload) -> runs.incrementAndGet());
        boolean redelivered = consumer.consume(asConsumed(produced, 1), Set.of(EventType.REQUEST_RESOLVED),
                (event, payload) -> runs.incrementAndGet());

        assertThat(first).isTrue();
        assertThat(redelivered).isFalse();
        assertThat(runs).hasValue(1);
    }

    @Test
    void aHandlerThatFailsOnceLeavesNoTraceAndTheEventIsAppliedOnTheNextAttempt() {
        ProducerRecord<String, String> produced = CloudEventRecords.record(
                new RequestResolved(UUID.randomUUID(), Instant.now()), UUID.randomUUID(), "/test");
        AtomicInteger calls = new AtomicInteger();

        boolean applied = consumer.consume(asConsumed(produced, 5), Set.of(EventType.REQUEST_RESOLVED),
                (event, payload) -> {
                    if (calls.incrementAndGet() == 1) {
                        throw new IllegalStateException("database said no, once");
                    }
                });

        assertThat(applied).isTrue();
        assertThat(calls).hasValue(2);
        assertThat(parkedRows(produced)).isZero();
    }

    @Test
    void aHandlerThatKeepsFailingIsParkedAndARedeliveryOfItsEventIsSkipped() {
        ProducerRecord<String, String> produced = CloudEventRecords.record(
                new RequestResolved(UUID.randomUUID(), Instant.now()), UUID.randomUUID(), "/test");
        AtomicInteger calls = new AtomicInteger();

        // fails on every attempt (3 in tests): parked and acknowledged, not thrown to the channel
        boolean applied = consumer.consume(asConsumed(produced, 7), Set.of(EventType.REQUEST_RESOLVED),
                (event, payload) -> {
                    calls.incrementAndGet();
                    throw new IllegalStateException("database said no");
                });
        boolean redelivered = consumer.consume(asConsumed(produced, 7), Set.of(EventType.REQUEST_RESOLVED),
                (event, payload) -> calls.incrementAndGet());

        assertThat(applied).isFalse();
        assertThat(redelivered).isFalse();
        assertThat(calls).hasValue(3);
        assertThat(parkedRows(produced)).isEqualTo(1);
    }

    private long parkedRows(ProducerRecord<String, String> produced) {
        return Sql.count(dataSource, "SELECT count(*) FROM parked_event WHERE ce_id = ?",
                new String(produced.headers().lastHeader(CloudEventHeaders.ID).value(), StandardCharsets.UTF_8));
    }

    @Test
    void typesTheServiceDoesNotHandleAreSkipped() {
        ProducerRecord<String, String> produced = CloudEventRecords.record(
                new RequestResolved(UUID.randomUUID(), Instant.now()), UUID.randomUUID(), "/test");
        AtomicInteger runs = new AtomicInteger();
        boolean ran = consumer.consume(asConsumed(produced, 3), Set.of(EventType.REQUEST_ACCEPTED),
                (event, payload) -> runs.incrementAndGet());
        assertThat(ran).isFalse();
        assertThat(runs).hasValue(0);
    }
}
