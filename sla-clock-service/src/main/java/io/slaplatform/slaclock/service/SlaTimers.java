package io.slaplatform.slaclock.service;

import io.agroal.api.AgroalDataSource;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Scope;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.slaplatform.events.DomainEvent;
import io.slaplatform.events.EventCodec;
import io.slaplatform.events.DeadlineApproaching;
import io.slaplatform.events.EventType;
import io.slaplatform.events.Topics;
import io.slaplatform.runtime.outbox.Outbox;
import io.slaplatform.runtime.tracing.TraceContext;
import io.slaplatform.slaclock.config.SlaConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jboss.logging.Logger;

/**
 * Fires due SLA events (warnings, breaches): claims pending {@code sla_event} rows whose time has come with
 * {@code FOR UPDATE SKIP LOCKED}, so several instances share the work without firing a row twice, and records
 * them in the outbox (one batched INSERT) in the same transaction that marks them emitted. A crash before the
 * commit leaves the rows pending for the next run; at start the first run fires whatever fell due while the
 * service was down.
 *
 * <p>A due warning or breach is fired only once the clock's inputs have caught up with its due instant
 * ({@link InputProgress}): both partitions its ticket's records come from ({@code support.requests},
 * {@code support.eligibility}) must have been applied up to it, so that a response recorded on Kafka before a
 * deadline stops the cycle before the breach can fire, even when the service restarted or its consumers lag.
 * While a timer waits for that, the poller looks again every {@code sla.held-timer-recheck-interval}; after
 * {@code sla.breach-max-hold} it fires anyway, with a WARN and {@code sla_timers_forced_total}, so a stuck
 * partition cannot hide breaches for ever. A warning whose deadline has passed by the time it fires (the clock was
 * down or behind) is not sent: its row is marked skipped, for the ticket's audit trail.
 *
 * <p>The poller sleeps until the earliest pending timer falls due, or at most {@code sla.timer-poll-interval}
 * (the safety net for timers another instance planned, or whose claim another instance abandoned); a timer
 * planned here to fall due sooner wakes it ({@link #wakeBy}). So an event leaves on time, not up to a poll
 * interval late, and an idle clock costs one indexed query per interval.
 */
@ApplicationScoped
public class SlaTimers {

    private static final Logger LOG = Logger.getLogger(SlaTimers.class);

    private static final int BATCH = 500;

    private final AgroalDataSource dataSource;
    private final Outbox outbox;
    private final Clock clock;
    private final SlaMetrics metrics;
    private final Duration pollInterval;
    private final Duration maxHold;
    private final Duration heldRecheck;
    private final InputProgress progress;
    private final Optional<Duration> holdClaimed;
    private final TraceContext traces;
    private final Thread poller = new Thread(this::pollUntilStopped, "sla-timers");
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition woken = lock.newCondition();
    /** When the poller looks next, by the injected clock; {@code null} while it is looking. Guarded by {@link #lock}. */
    private Instant nextPoll;
    /** The earliest {@link #wakeBy} received while the poller was looking, if any. Guarded by {@link #lock}. */
    private Instant wakeRequested;
    private volatile boolean running;

    SlaTimers(AgroalDataSource dataSource, Outbox outbox, Clock clock, SlaMetrics metrics, SlaConfig config,
              TraceContext traces, InputProgress progress) {
        this.progress = progress;
        this.maxHold = config.breachMaxHold();
        this.heldRecheck = config.heldTimerRecheckInterval();
        this.traces = traces;
        this.dataSource = dataSource;
        this.outbox = outbox;
        this.clock = clock;
        this.metrics = metrics;
        this.pollInterval = config.timerPollInterval();
        this.holdClaimed = config.faultInjection().holdClaimedTimers();
        poller.setDaemon(true);
    }

    // A thread of its own rather than @Scheduled: Quarkus' simple scheduler checks its triggers once a second,
    // which would make every warning and breach up to a second late.
    void onStart(@Observes StartupEvent event) {
        holdClaimed.ifPresent(hold -> LOG.warnf("Fault injection on: every claimed batch of due SLA events is held "
                + "uncommitted for %s (sla.fault-injection.hold-claimed-timers)", hold));
        running = true;
        poller.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        running = false;
        signal();
        try {
            poller.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Makes the poller look for due events by {@code due} if it would look later: called once a transaction that
     * planned a timer due at {@code due} has committed.
     */
    public void wakeBy(Instant due) {
        lock.lock();
        try {
            if (nextPoll == null) {
                // looking now, perhaps past the query that would have found this timer: look again by then
                wakeRequested = wakeRequested == null || due.isBefore(wakeRequested) ? due : wakeRequested;
            } else if (due.isBefore(nextPoll)) {
                nextPoll = due;
                woken.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    private void signal() {
        lock.lock();
        try {
            woken.signal();
        } finally {
            lock.unlock();
        }
    }

    private void pollUntilStopped() {
        while (running) {
            Instant now = clock.instant();
            Instant next = now.plus(pollInterval);
            try {
                if (earliestPending().filter(due -> !due.isAfter(now)).isPresent()) {
                    fireDue(now);
                    int held = heldAt(now);
                    metrics.held(held);
                    if (held > 0 && now.plus(heldRecheck).isBefore(next)) {
                        next = now.plus(heldRecheck); // waiting for the inputs to catch up
                    }
                } else {
                    metrics.held(0);
                }
                Optional<Instant> due = nextDueAfter(now);
                if (due.isPresent() && due.get().isBefore(next)) {
                    next = due.get();
                }
            } catch (RuntimeException e) {
                // the rows stay pending: the next poll fires them
                LOG.warnf("Firing due SLA events failed, will retry: %s", e.toString());
            }
            sleepUntil(next);
        }
    }

    /**
     * Sleeps until {@code next} by the clock, or until {@link #wakeBy} brings the next look forward. The wait is
     * computed from the clock once per (re)scheduling and then measured in real time, and never exceeds the poll
     * interval, so a clock that does not move (tests) cannot stall the poller.
     */
    private void sleepUntil(Instant next) {
        lock.lock();
        try {
            nextPoll = wakeRequested != null && wakeRequested.isBefore(next) ? wakeRequested : next;
            wakeRequested = null;
            while (running) {
                Instant target = nextPoll;
                long waitNanos = Math.min(Duration.between(clock.instant(), target).toNanos(), pollInterval.toNanos());
                long deadline = System.nanoTime() + waitNanos;
                long left = waitNanos;
                while (running && left > 0 && nextPoll.equals(target)) {
                    left = woken.awaitNanos(left);
                }
                if (!running || !nextPoll.isBefore(target) || deadline - System.nanoTime() <= 0) {
                    return; // time to look, or stopping
                }
                // brought forward by wakeBy: wait for the new, earlier instant
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        } finally {
            nextPoll = null; // looking now
            lock.unlock();
        }
    }

    /** The earliest pending event due after {@code now}, if any (the partial index {@code sla_event_pending}). */
    private Optional<Instant> nextDueAfter(Instant now) {
        return earliest("SELECT min(due_at) FROM sla_event WHERE emitted_at IS NULL AND due_at > ?", now);
    }

    /** The earliest pending event, due or not. */
    private Optional<Instant> earliestPending() {
        return earliest("SELECT min(due_at) FROM sla_event WHERE emitted_at IS NULL", null);
    }

    private Optional<Instant> earliest(String sql, Instant after) {
        try (Connection c = dataSource.getConnection(); PreparedStatement next = c.prepareStatement(sql)) {
            if (after != null) {
                next.setTimestamp(1, Timestamp.from(after));
            }
            try (ResultSet row = next.executeQuery()) {
                row.next();
                Timestamp due = row.getTimestamp(1);
                return Optional.ofNullable(due).map(Timestamp::toInstant);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the next SLA timer", e);
        }
    }

    /** How many events due by {@code now} are still pending: held until their inputs catch up. */
    private int heldAt(Instant now) {
        try (Connection c = dataSource.getConnection(); PreparedStatement count = c.prepareStatement(
                "SELECT count(*) FROM sla_event WHERE emitted_at IS NULL AND due_at <= ?")) {
            count.setTimestamp(1, Timestamp.from(now));
            try (ResultSet row = count.executeQuery()) {
                row.next();
                return row.getInt(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot count held SLA timers", e);
        }
    }

    /**
     * Emits every pending SLA event due at or before {@code now} whose inputs have caught up with it (or that has
     * waited for them longer than {@code sla.breach-max-hold}), after reading the inputs' progress.
     *
     * @return how many were emitted or skipped
     */
    public int fireDue(Instant now) {
        InputProgress.Watermarks watermarks = progress.probe();
        int total = 0;
        int fired;
        do {
            fired = QuarkusTransaction.requiringNew().call(() -> fireBatch(now, watermarks));
            total += fired;
        } while (fired == BATCH);
        return total;
    }

    /**
     * @param through the lowest watermark of the ticket's two partitions: the event fires by it unless forced
     */
    private record Claimed(UUID requestId, String eventKey, DomainEvent event, Instant dueAt, String traceParent,
                           String traceState, Instant through) {

        /** A warning whose deadline has passed: too late to be of use, the breach is due. */
        boolean stale(Instant now) {
            return event instanceof DeadlineApproaching warning && !warning.deadline().isAfter(now);
        }
    }

    /** Why a warning fired late is skipped, in the ticket's audit trail. */
    static final String STALE = "its deadline had passed when it fell due to be sent (the clock was down or behind): "
            + "no warning is sent for a deadline that has passed";

    // A ticket's two partitions gate its events: the watermarks are passed as (partition, watermark) arrays; a
    // ticket whose partition is unknown (planned before the partitions were recorded, or only from a replayed
    // parked event) waits for the topic's lowest watermark.
    private static final String CLAIM = """
            SELECT e.request_id, e.event_key, e.event_type, e.payload, e.due_at, e.trace_parent, e.trace_state,
                   least(COALESCE(rq.through, ?), COALESCE(el.through, ?)) AS through
            FROM sla_event e
            JOIN ticket t ON t.request_id = e.request_id
            LEFT JOIN unnest(?::int[], ?::text[]::timestamptz[]) AS rq(p, through) ON rq.p = t.requests_partition
            LEFT JOIN unnest(?::int[], ?::text[]::timestamptz[]) AS el(p, through) ON el.p = t.eligibility_partition
            WHERE e.emitted_at IS NULL AND e.due_at <= ?
              AND (e.due_at <= least(COALESCE(rq.through, ?), COALESCE(el.through, ?)) OR e.due_at <= ?)
            ORDER BY e.due_at LIMIT ? FOR UPDATE OF e SKIP LOCKED""";

    private int fireBatch(Instant now, InputProgress.Watermarks watermarks) throws SQLException {
        List<Claimed> claimed = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement claim = c.prepareStatement(CLAIM);
             PreparedStatement mark = c.prepareStatement(
                     "UPDATE sla_event SET emitted_at = ?, skipped = ? WHERE request_id = ? AND event_key = ?")) {
            Timestamp lowestRequests = Timestamp.from(watermarks.lowest(Topics.SUPPORT_REQUESTS));
            Timestamp lowestDecisions = Timestamp.from(watermarks.lowest(Topics.SUPPORT_ELIGIBILITY));
            int i = 0;
            claim.setTimestamp(++i, lowestRequests);
            claim.setTimestamp(++i, lowestDecisions);
            i = setWatermarks(c, claim, i, watermarks.of(Topics.SUPPORT_REQUESTS));
            i = setWatermarks(c, claim, i, watermarks.of(Topics.SUPPORT_ELIGIBILITY));
            claim.setTimestamp(++i, Timestamp.from(now));
            claim.setTimestamp(++i, lowestRequests);
            claim.setTimestamp(++i, lowestDecisions);
            claim.setTimestamp(++i, Timestamp.from(now.minus(maxHold)));
            claim.setInt(++i, BATCH);
            try (ResultSet due = claim.executeQuery()) {
                while (due.next()) {
                    EventType type = EventType.fromCeType(due.getString("event_type")).orElseThrow();
                    claimed.add(new Claimed(due.getObject("request_id", UUID.class), due.getString("event_key"),
                            EventCodec.decode(due.getString("payload"), type.payloadClass()),
                            due.getTimestamp("due_at").toInstant(), due.getString("trace_parent"),
                            due.getString("trace_state"), due.getTimestamp("through").toInstant()));
                }
            }
            if (claimed.isEmpty()) {
                return 0;
            }
            List<Claimed> sent = claimed.stream().filter(row -> !row.stale(now)).toList();
            if (!sent.isEmpty()) {
                outbox.recordAll(sent.stream().map(this::traced).toList());
            }
            for (Claimed row : claimed) {
                boolean stale = row.stale(now);
                mark.setTimestamp(1, Timestamp.from(now));
                mark.setString(2, stale ? STALE : null);
                mark.setObject(3, row.requestId());
                mark.setString(4, row.eventKey());
                mark.addBatch();
                if (row.dueAt().isAfter(row.through())) {
                    LOG.warnf("Firing %s of request %s due %s although its inputs were applied only up to %s: it "
                                    + "waited sla.breach-max-hold (%s) for them; a response recorded before its "
                                    + "due instant may still be on its way", row.eventKey(), row.requestId(),
                            row.dueAt(), row.through(), maxHold);
                    metrics.forced(row.event().type().ceType());
                }
                if (stale) {
                    LOG.debugf("Request %s: %s skipped, its deadline has passed", row.requestId(), row.eventKey());
                    metrics.skipped(row.event().type().ceType());
                } else {
                    metrics.emitted(row.event().type().ceType(), Duration.between(row.dueAt(), now));
                }
            }
            mark.executeBatch();
        }
        if (holdClaimed.isPresent()) {
            holdClaimedBatch(claimed.stream().map(row -> row.requestId() + "/" + row.eventKey()).toList(),
                    holdClaimed.get());
        }
        return claimed.size();
    }

    /**
     * A fired event with the trace it is recorded in: a span continuing the trace of the input that planned the
     * timer, so that the outbox row, and the Kafka record after it, carry the ticket's trace.
     */
    private Outbox.Traced traced(Claimed row) {
        Span span = traces.startSpan("sla timer " + row.event().type().ceType(), SpanKind.INTERNAL,
                row.traceParent(), row.traceState());
        try (Scope ignored = span.makeCurrent()) {
            return new Outbox.Traced(row.event(), traces.current().orElse(null));
        } finally {
            span.end();
        }
    }

    private static int setWatermarks(Connection c, PreparedStatement statement, int index,
                                     Map<Integer, Instant> watermarks) throws SQLException {
        Integer[] partitions = watermarks.keySet().toArray(Integer[]::new);
        String[] through = new String[partitions.length]; // ISO-8601 in UTC: no time zone of the JVM involved
        for (int p = 0; p < partitions.length; p++) {
            through[p] = watermarks.get(partitions[p]).toString();
        }
        statement.setArray(index + 1, c.createArrayOf("int4", partitions));
        statement.setArray(index + 2, c.createArrayOf("text", through));
        return index + 2;
    }

    private static void holdClaimedBatch(List<String> claimed, Duration hold) {
        LOG.warnf("Fault injection: holding %d claimed SLA events uncommitted for %s: %s", claimed.size(), hold,
                String.join(" ", claimed));
        try {
            Thread.sleep(hold.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while holding claimed SLA events", e);
        }
    }
}
