package io.slaplatform.slaclock.service;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.slaplatform.events.Breached;
import io.slaplatform.events.CloudEventRecords;
import io.slaplatform.events.DomainEvent;
import io.slaplatform.events.EventCodec;
import io.slaplatform.events.Impact;
import io.slaplatform.events.RequestAccepted;
import io.slaplatform.events.RequestSubmitted;
import io.slaplatform.testkit.EventLog;
import io.slaplatform.testkit.Sql;
import io.slaplatform.testkit.quarkus.KafkaTestResource;
import io.slaplatform.testkit.quarkus.PostgresSchemaTestResource;
import jakarta.inject.Inject;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Timers fire when they fall due, not at the poller's next round: with a poll interval of ten seconds, warnings
 * and breaches still leave within a fraction of a second of their due instant, never before it. The poller
 * sleeps until the earliest pending timer; a newly planned one that falls due sooner wakes it.
 */
@QuarkusTest
@TestProfile(TimerPrecisionTest.SlowPoll.class)
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresSchemaTestResource.class)
class TimerPrecisionTest {

    /** The short targets on the 24x7 calendar, with a safety-net poll far longer than any target. */
    public static class SlowPoll implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return ShortTargetsConfig.overridesWith(Map.of("sla.timer-poll-interval", "10s"));
        }
    }

    /** How late a timer may fire: generous for a loaded CI machine, far under the 10 s poll interval. */
    private static final long MAX_LATE_MILLIS = 300;
    private static final Duration WAIT = Duration.ofSeconds(20);

    @Inject
    SlaTimers timers;

    @Inject
    AgroalDataSource dataSource;

    private final EventLog events = KafkaTestResource.events();
    private final Clock clock = Clock.tick(Clock.systemUTC(), Duration.ofNanos(1_000));

    private static void publish(DomainEvent event, String source) {
        KafkaTestResource.publish(CloudEventRecords.record(event, UUID.randomUUID(), source));
    }

    /** Milliseconds from the row's due instant to its emission (negative: early); waits for the emission. */
    private long lateMillis(UUID requestId, String eventKey) {
        Awaitility.await(eventKey + " of " + requestId + " emitted").atMost(WAIT).until(() -> Sql.count(dataSource,
                "SELECT count(*) FROM sla_event WHERE request_id = ? AND event_key = ? AND emitted_at IS NOT NULL",
                requestId, eventKey) == 1);
        return Sql.count(dataSource, """
                SELECT floor(extract(epoch FROM emitted_at - due_at) * 1000)::bigint FROM sla_event
                WHERE request_id = ? AND event_key = ?""", requestId, eventKey);
    }

    private void submitAndAccept(UUID id, Instant submittedAt) {
        publish(new RequestSubmitted(id, "ops@customer.is", "anna@customer.is", Impact.CRITICAL, "Stalls", "Details",
                "IS", null, submittedAt), "/intake-service");
        publish(new RequestAccepted(id, UUID.randomUUID(), "IS", submittedAt, submittedAt), "/eligibility-service");
    }

    @Test
    void aNewlyPlannedClockWarnsAndBreachesOnTimeThoughThePollIsTenSeconds() {
        // the consumers have joined their group (a clock started), so the ticket is planned well before its warning
        UUID probe = UUID.randomUUID();
        submitAndAccept(probe, clock.instant());
        events.await(probe.toString(), "ClockStarted", WAIT);

        UUID id = UUID.randomUUID();
        Instant submittedAt = clock.instant();
        submitAndAccept(id, submittedAt);

        Breached breach = events.await(id.toString(), "Breached", WAIT).as(Breached.class);

        assertThat(breach.deadline()).isEqualTo(submittedAt.plus(ShortTargetsConfig.CRITICAL));
        assertThat(lateMillis(id, "c1/v0/warn/0.75")).isBetween(0L, MAX_LATE_MILLIS);
        assertThat(lateMillis(id, "c1/breached")).isBetween(0L, MAX_LATE_MILLIS);
    }

    @Test
    void timersAlreadyStoredFireEachAtItsOwnInstant() {
        // Rows written as the planner leaves them, but behind the poller's back: it learns of them at its next
        // look, then sleeps until each falls due.
        List<UUID> tickets = new ArrayList<>();
        Instant first = clock.instant().plusMillis(1500);
        for (int i = 0; i < 5; i++) {
            UUID id = UUID.randomUUID();
            Instant due = first.plusMillis(230L * i);
            Sql.update(dataSource, "INSERT INTO ticket (request_id, decision) VALUES (?, 'ACCEPTED')", id);
            Sql.update(dataSource, """
                    INSERT INTO sla_event (request_id, event_key, due_at, event_type, payload)
                    VALUES (?, 'c1/breached', ?, 'Breached', ?)""", id, Timestamp.from(due),
                    EventCodec.encode(new Breached(id, 1, Impact.CRITICAL, "test-24x7", due)));
            tickets.add(id);
        }
        timers.wakeBy(clock.instant()); // the poller's next look, now rather than in up to ten seconds

        for (UUID id : tickets) {
            assertThat(lateMillis(id, "c1/breached")).as("ticket %s", id).isBetween(0L, MAX_LATE_MILLIS);
        }
    }
}
