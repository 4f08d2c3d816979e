package io.slaplatform.slaclock.service;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.slaplatform.events.CloudEventRecords;
import io.slaplatform.events.DomainEvent;
import io.slaplatform.events.Impact;
import io.slaplatform.events.RequestAccepted;
import io.slaplatform.events.RequestSubmitted;
import io.slaplatform.testkit.EventLog;
import io.slaplatform.testkit.ReceivedEvent;
import io.slaplatform.testkit.TraceParents;
import io.slaplatform.testkit.quarkus.KafkaTestResource;
import io.slaplatform.testkit.quarkus.PostgresSchemaTestResource;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ticket's trace goes on in its SLA events, the ones the timer thread fires later included: each timer keeps
 * the trace context of the input that planned it, and fires its event in a span continuing it.
 */
@QuarkusTest
@TestProfile(SlaClockFlowTest.ShortTargets.class)
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresSchemaTestResource.class)
class SlaTracePropagationTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private final EventLog events = KafkaTestResource.events();
    private final Clock clock = Clock.tick(Clock.systemUTC(), Duration.ofNanos(1_000));

    @Test
    void clockStartedWarningAndBreachCarryTheTicketsTrace() {
        String upstream = TraceParents.random();
        UUID id = UUID.randomUUID();
        Instant at = clock.instant();
        publishTraced(new RequestSubmitted(id, "ops@customer.is", "anna@customer.is", Impact.CRITICAL, "Stalls",
                "Details", "IS", null, at), upstream);
        publishTraced(new RequestAccepted(id, UUID.randomUUID(), "IS", at, at), upstream);

        ReceivedEvent breach = events.await(id.toString(), "Breached", WAIT);
        for (ReceivedEvent event : new ReceivedEvent[] {events.await(id.toString(), "ClockStarted", WAIT),
                events.await(id.toString(), "DeadlineApproaching", WAIT), breach}) {
            assertThat(TraceParents.traceId(event.traceParent())).as(event.type())
                    .isEqualTo(TraceParents.traceId(upstream));
        }
        // fired on the timer thread, in a span of its own
        assertThat(TraceParents.spanId(breach.traceParent()))
                .isNotEqualTo(TraceParents.spanId(events.await(id.toString(), "ClockStarted", WAIT).traceParent()))
                .isNotEqualTo(TraceParents.spanId(upstream));
    }

    private static void publishTraced(DomainEvent event, String traceParent) {
        ProducerRecord<String, String> record = CloudEventRecords.record(event, UUID.randomUUID(), "/test");
        record.headers().add(TraceParents.HEADER, traceParent.getBytes(StandardCharsets.UTF_8));
        KafkaTestResource.publish(record);
    }
}
