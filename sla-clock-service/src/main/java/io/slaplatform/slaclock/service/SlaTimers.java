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
import io.slaplatform.events.EventType;
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
              TraceContext traces) {
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
                fireDue(now);
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
        try (Connection c = dataSource.getConnection();
             PreparedStatement next = c.prepareStatement(
                     "SELECT min(due_at) FROM sla_event WHERE emitted_at IS NULL AND due_at > ?")) {
            next.setTimestamp(1, Timestamp.from(now));
            try (ResultSet row = next.executeQuery()) {
                row.next();
                Timestamp due = row.getTimestamp(1);
                return Optional.ofNullable(due).map(Timestamp::toInstant);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the next SLA timer", e);
        }
    }

    /**
     * Emits every pending SLA event due at or before {@code now}.
     *
     * @return how many were emitted
     */
    public int fireDue(Instant now) {
        int total = 0;
        int fired;
        do {
            fired = QuarkusTransaction.requiringNew().call(() -> fireBatch(now));
            total += fired;
        } while (fired == BATCH);
        return total;
    }

    private record Claimed(UUID requestId, String eventKey, DomainEvent event, Instant dueAt, String traceParent,
                           String traceState) {
    }

    private int fireBatch(Instant now) throws SQLException {
        List<Claimed> claimed = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement claim = c.prepareStatement("""
                     SELECT request_id, event_key, event_type, payload, due_at, trace_parent, trace_state FROM sla_event
                     WHERE emitted_at IS NULL AND due_at <= ? ORDER BY due_at LIMIT ? FOR UPDATE SKIP LOCKED""");
             PreparedStatement mark = c.prepareStatement(
                     "UPDATE sla_event SET emitted_at = ? WHERE request_id = ? AND event_key = ?")) {
            claim.setTimestamp(1, Timestamp.from(now));
            claim.setInt(2, BATCH);
            try (ResultSet due = claim.executeQuery()) {
                while (due.next()) {
                    EventType type = EventType.fromCeType(due.getString("event_type")).orElseThrow();
                    claimed.add(new Claimed(due.getObject("request_id", UUID.class), due.getString("event_key"),
                            EventCodec.decode(due.getString("payload"), type.payloadClass()),
                            due.getTimestamp("due_at").toInstant(), due.getString("trace_parent"),
                            due.getString("trace_state")));
                }
            }
            if (claimed.isEmpty()) {
                return 0;
            }
            outbox.recordAll(claimed.stream().map(this::traced).toList());
            for (Claimed row : claimed) {
                mark.setTimestamp(1, Timestamp.from(now));
                mark.setObject(2, row.requestId());
                mark.setString(3, row.eventKey());
                mark.addBatch();
                metrics.emitted(row.event().type().ceType(), Duration.between(row.dueAt(), now));
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
