package io.slaplatform.slaclock.service;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.slaplatform.events.Breached;
import io.slaplatform.events.DeadlineApproaching;
import io.slaplatform.events.EventCodec;
import io.slaplatform.events.Impact;
import io.slaplatform.testkit.EventLog;
import io.slaplatform.testkit.Sql;
import io.slaplatform.testkit.quarkus.KafkaTestResource;
import io.slaplatform.testkit.quarkus.PostgresSchemaTestResource;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The durable timers under contention and crashes: pending {@code sla_event} rows are inserted as the clock
 * would leave them, then fired by several concurrent claimers (as several instances would), or claimed by a
 * transaction that dies before committing (as an instance killed between claiming and emitting would).
 */
@QuarkusTest
@TestProfile(SlaClockFlowTest.ShortTargets.class)
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresSchemaTestResource.class)
class SlaTimersTest {

    @Inject
    SlaTimers timers;

    @Inject
    AgroalDataSource dataSource;

    private final EventLog events = KafkaTestResource.events();
    private final Clock clock = Clock.tick(Clock.systemUTC(), Duration.ofNanos(1_000));

    /** A ticket with one pending breach, due {@code dueIn} from now (negative: overdue). */
    private UUID pendingBreach(Duration dueIn) {
        UUID id = UUID.randomUUID();
        Instant due = clock.instant().plus(dueIn);
        Sql.update(dataSource, "INSERT INTO ticket (request_id, decision) VALUES (?, 'ACCEPTED')", id);
        Sql.update(dataSource, """
                INSERT INTO sla_event (request_id, event_key, due_at, event_type, payload)
                VALUES (?, 'c1/breached', ?, 'Breached', ?)""", id, Timestamp.from(due),
                EventCodec.encode(new Breached(id, 1, Impact.CRITICAL, "test-24x7", due)));
        return id;
    }

    @Test
    void aWarningThatFallsDueAfterItsDeadlineIsSkippedAndKeptInTheAuditTrailWhileTheBreachIsSent() {
        // as a clock that was down across both instants leaves them: the warning and the breach both overdue
        UUID id = pendingBreach(Duration.ofMillis(-500));
        Instant deadline = clock.instant().minusMillis(500);
        Sql.update(dataSource, """
                INSERT INTO sla_event (request_id, event_key, due_at, event_type, payload)
                VALUES (?, 'c1/v0/warn/0.75', ?, 'DeadlineApproaching', ?)""", id,
                Timestamp.from(deadline.minusSeconds(1)), EventCodec.encode(new DeadlineApproaching(id, 1,
                        Impact.CRITICAL, "test-24x7", 0.75, Duration.ofSeconds(1), deadline, deadline.minusSeconds(1))));

        timers.wakeBy(clock.instant());
        events.await(id.toString(), "Breached", Duration.ofSeconds(20));
        events.awaitCaughtUp(Duration.ofSeconds(20));

        assertThat(events.forKey(id.toString(), "DeadlineApproaching")).isEmpty();
        assertThat(Sql.count(dataSource, "SELECT count(*) FROM sla_event WHERE request_id = ? AND event_key = "
                + "'c1/v0/warn/0.75' AND emitted_at IS NOT NULL AND skipped = ?", id, SlaTimers.STALE)).isEqualTo(1);
    }

    @Test
    void concurrentClaimersFireEveryDueEventExactlyOnce() throws Exception {
        List<UUID> tickets = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            tickets.add(pendingBreach(Duration.ofMillis(-i)));
        }
        ExecutorService instances = Executors.newFixedThreadPool(4);
        try {
            List<Callable<Integer>> claimers = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                claimers.add(() -> timers.fireDue(clock.instant()));
            }
            int firedHere = 0;
            for (Future<Integer> fired : instances.invokeAll(claimers)) {
                firedHere += fired.get();
            }
            assertThat(firedHere).isLessThanOrEqualTo(tickets.size()); // the scheduler may have taken some
        } finally {
            instances.shutdownNow();
        }

        // the service's own poller may still be committing a row the claimers skipped
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> tickets.stream().allMatch(id ->
                Sql.count(dataSource, "SELECT count(*) FROM sla_event WHERE request_id = ? AND emitted_at IS NULL",
                        id) == 0));
        for (UUID id : tickets) {
            events.await(id.toString(), "Breached", Duration.ofSeconds(20));
        }
        events.settle("-", "-", Duration.ofSeconds(1));
        for (UUID id : tickets) {
            assertThat(events.forKey(id.toString(), "Breached")).as(id.toString()).hasSize(1);
        }
    }

    @Test
    void anInstanceKilledBetweenClaimingAndEmittingLosesNothing() throws Exception {
        UUID id = pendingBreach(Duration.ofSeconds(1));
        try (Connection crashed = dataSource.getConnection()) {
            crashed.setAutoCommit(false);
            try (PreparedStatement claim = crashed.prepareStatement(
                    "SELECT event_key FROM sla_event WHERE request_id = ? FOR UPDATE SKIP LOCKED")) {
                claim.setObject(1, id);
                claim.executeQuery().close();
            }
            // while the doomed instance holds the claim, the others skip the row and do not fire it
            Thread.sleep(1500);
            timers.fireDue(clock.instant());
            assertThat(Sql.count(dataSource,
                    "SELECT count(*) FROM sla_event WHERE request_id = ? AND emitted_at IS NULL", id)).isEqualTo(1);
            assertThat(events.forKey(id.toString(), "Breached")).isEmpty();
            crashed.rollback(); // its transaction dies with it: nothing was emitted, the claim is released
        }

        events.await(id.toString(), "Breached", Duration.ofSeconds(10));
        assertThat(events.settle(id.toString(), "Breached", Duration.ofSeconds(1))).hasSize(1);
        assertThat(Sql.count(dataSource, "SELECT count(*) FROM sla_event WHERE request_id = ? AND emitted_at IS NOT NULL",
                id)).isEqualTo(1);
    }
}
