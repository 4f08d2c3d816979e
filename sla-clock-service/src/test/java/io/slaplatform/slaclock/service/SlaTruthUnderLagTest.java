package io.slaplatform.slaclock.service;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.slaplatform.events.Impact;
import io.slaplatform.events.RequestAccepted;
import io.slaplatform.events.RequestSubmitted;
import io.slaplatform.slaclock.cycle.CyclePlanner;
import io.slaplatform.testkit.Sql;
import io.slaplatform.testkit.quarkus.KafkaTestResource;
import io.slaplatform.testkit.quarkus.PostgresSchemaTestResource;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.utils.Utils;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

/**
 * A breach is a fact, never a guess: the clock's consumer held up behind another ticket's record while a
 * deadline passes, with the answer already on Kafka before it, meets the deadline instead of breaching it; a
 * partition that cannot make progress holds breaches {@code sla.breach-max-hold} at most; a cycle the clock learns
 * of after its warning instant gets no late warning. The consumer is held up for real: the test locks the row of
 * a blocker ticket, so that the handler of the blocker's next record waits, and with it every record behind it.
 */
@QuarkusTest
@TestProfile(SlaTruthUnderLagTest.ShortHold.class)
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresSchemaTestResource.class)
class SlaTruthUnderLagTest {

    static final Duration MAX_HOLD = Duration.ofSeconds(8);

    /** The flow tests' short targets, and a short {@code sla.breach-max-hold}. */
    public static class ShortHold implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return ShortTargetsConfig.overridesWith(Map.of("sla.breach-max-hold", MAX_HOLD.toString()));
        }
    }

    @Inject
    AgroalDataSource dataSource;

    @Inject
    MeterRegistry registry;

    private final SlaFlow flow = new SlaFlow();

    /** A running LIMITED ticket whose row a test can lock to hold the consumer of support.requests up. */
    private UUID blocker() {
        flow.awaitClockConsuming();
        UUID blocker = UUID.randomUUID();
        SlaFlow.submitAccepted(blocker, Impact.LIMITED, flow.now());
        flow.await(blocker, "ClockStarted", 1);
        return blocker;
    }

    /**
     * A new ticket id whose records share the blocker's partition of support.requests (the producer's default
     * partitioner: murmur2 of the key), so that they wait behind the blocker's record; the gate holds a ticket's
     * timers for its own partitions only.
     */
    private static UUID behind(UUID blocker) {
        int partition = partitionOf(blocker);
        UUID ticket;
        do {
            ticket = UUID.randomUUID();
        } while (partitionOf(ticket) != partition);
        return ticket;
    }

    private static int partitionOf(UUID key) {
        return Utils.toPositive(Utils.murmur2(key.toString().getBytes(StandardCharsets.UTF_8)))
                % KafkaTestResource.PARTITIONS;
    }

    /**
     * Locks the blocker's ticket row in a transaction of its own and sends the blocker a customer reply, whose
     * handler then waits for the lock; returns once it waits. Every later record of support.requests waits behind it.
     */
    private Connection holdUpRequests(UUID blocker) throws SQLException {
        Connection lock = dataSource.getConnection();
        lock.setAutoCommit(false);
        try (PreparedStatement q = lock.prepareStatement("SELECT 1 FROM ticket WHERE request_id = ? FOR UPDATE")) {
            q.setObject(1, blocker);
            q.executeQuery().close();
        }
        try {
            SlaFlow.reply(blocker, flow.now());
            // the handler's first statement on the ticket (recording its partition) waits for the row
            Awaitility.await("the clock's consumer waiting for the locked ticket row").atMost(SlaFlow.WAIT)
                    .pollInterval(20, TimeUnit.MILLISECONDS)
                    .until(() -> Sql.count(dataSource, """
                            SELECT count(*) FROM pg_stat_activity
                            WHERE wait_event_type = 'Lock' AND query LIKE '%ticket%' AND pid <> pg_backend_pid()""") > 0);
            return lock;
        } catch (RuntimeException e) {
            lock.rollback(); // a test that fails here must not leave the consumer stuck for the tests after it
            lock.close();
            throw e;
        }
    }

    private long pendingBreaches(UUID ticket) {
        return Sql.count(dataSource, "SELECT count(*) FROM sla_event WHERE request_id = ? AND event_key = 'c1/breached' "
                + "AND emitted_at IS NULL", ticket);
    }

    private double held() {
        return registry.get("sla.timers.held").gauge().value();
    }

    private double forced() {
        var counter = registry.find("sla.timers.forced").tag("type", "Breached").counter();
        return counter == null ? 0 : counter.count();
    }

    private Instant deadlineOf(UUID ticket) {
        return Instant.parse(flow.await(ticket, "ClockStarted", 1).json().path("deadline").asText());
    }

    @Test
    void anAnswerOnKafkaBeforeTheDeadlineMeetsItWhileTheConsumerLagsPastTheDeadline() throws SQLException {
        UUID blocker = blocker();
        UUID ticket = behind(blocker);
        SlaFlow.submitAccepted(ticket, Impact.MODERATE, flow.now());
        Instant deadline = deadlineOf(ticket);

        try (Connection lock = holdUpRequests(blocker)) {
            Instant answeredAt = flow.now();
            SlaFlow.respond(ticket, answeredAt);
            assertThat(answeredAt).as("premise: answered before the deadline").isBefore(deadline);
            // The deadline passes while the answer waits on Kafka behind the blocked record: the breach is due,
            // and the timers hold it because support.requests has not been applied up to the deadline.
            Awaitility.await("the breach due and held").atMost(SlaFlow.WAIT.plus(Duration.between(flow.now(), deadline)))
                    .pollInterval(20, TimeUnit.MILLISECONDS)
                    .until(() -> flow.now().isAfter(deadline) && held() >= 1 && pendingBreaches(ticket) == 1);
            assertThat(Duration.between(deadline, flow.now())).as("premise: released before sla.breach-max-hold")
                    .isLessThan(MAX_HOLD);
            lock.rollback();
        }

        flow.await(ticket, "ResponseDeadlineMet", 1);
        flow.events.awaitCaughtUp(SlaFlow.WAIT);
        assertThat(flow.all(ticket, "Breached")).isEmpty();
        assertThat(pendingBreaches(ticket)).isZero();
    }

    @Test
    void aStuckPartitionHoldsABreachAtMostTheMaximumHoldThenItFiresAndIsCounted() throws SQLException {
        UUID blocker = blocker();
        UUID ticket = behind(blocker);
        SlaFlow.submitAccepted(ticket, Impact.CRITICAL, flow.now());
        Instant deadline = deadlineOf(ticket);
        double forcedBefore = forced();

        try (Connection lock = holdUpRequests(blocker)) {
            flow.await(ticket, "Breached", 1); // fired while the consumer is still stuck
            assertThat(Instant.ofEpochMilli(flow.all(ticket, "Breached").get(0).timestamp()))
                    .as("not before the hold ran out").isAfterOrEqualTo(deadline.plus(MAX_HOLD).truncatedTo(
                            java.time.temporal.ChronoUnit.MILLIS));
            lock.rollback();
        }
        Awaitility.await("sla_timers_forced_total counted").atMost(SlaFlow.WAIT)
                .until(() -> forced() >= forcedBefore + 1);
    }

    @Test
    void aCycleLearnedOfAfterItsWarningInstantBreachesWithoutALateWarning() {
        UUID ticket = UUID.randomUUID();
        Instant decidedAt = flow.now();
        // submitted 90 % of the target ago: the warning (75 %) is past, the deadline is 10 % of the target ahead
        Instant submittedAt = decidedAt.minus(ShortTargetsConfig.CRITICAL.multipliedBy(9).dividedBy(10));
        submitAcceptedLate(ticket, submittedAt, decidedAt);

        flow.await(ticket, "Breached", 1);
        flow.events.awaitCaughtUp(SlaFlow.WAIT);
        assertThat(flow.all(ticket, "DeadlineApproaching")).isEmpty();
        SlaFlow.asLead().get("/sla/{id}", ticket).then().statusCode(200)
                .body("events.find { it.key == 'c1/v0/warn/0.75' }.skipped", equalTo(CyclePlanner.LEARNED_LATE))
                .body("events.find { it.key == 'c1/breached' }.skipped", nullValue());
    }

    @Test
    void aCycleLearnedOfAfterItsDeadlineGetsTheBreachOnly() {
        UUID ticket = UUID.randomUUID();
        Instant decidedAt = flow.now();
        submitAcceptedLate(ticket, decidedAt.minus(ShortTargetsConfig.CRITICAL.multipliedBy(2)), decidedAt);

        flow.await(ticket, "Breached", 1);
        flow.events.awaitCaughtUp(SlaFlow.WAIT);
        assertThat(flow.types(ticket)).containsExactlyInAnyOrder("ClockStarted", "Breached");
    }

    /** A CRITICAL request submitted at {@code submittedAt} that eligibility accepted only at {@code decidedAt}. */
    private static void submitAcceptedLate(UUID id, Instant submittedAt, Instant decidedAt) {
        SlaFlow.publish(new RequestSubmitted(id, "ops@customer.is", "anna@customer.is", Impact.CRITICAL, "Stalls",
                "Details", "IS", null, submittedAt), "/intake-service");
        SlaFlow.publish(new RequestAccepted(id, UUID.randomUUID(), "IS", submittedAt, decidedAt),
                "/eligibility-service");
    }
}
