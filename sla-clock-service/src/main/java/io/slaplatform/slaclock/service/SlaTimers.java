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
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Fires due SLA events (warnings, breaches): claims pending {@code sla_event} rows whose time has come with
 * {@code FOR UPDATE SKIP LOCKED} every {@code sla.timer-poll-interval}, so several instances share the work without firing a row twice, and records
 * each in the outbox in the same transaction that marks it emitted. A crash before the commit leaves the row
 * pending for the next run; at start the first run fires whatever fell due while the service was down.
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
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "sla-timers");
        thread.setDaemon(true);
        return thread;
    });

    private final TraceContext traces;

    SlaTimers(AgroalDataSource dataSource, Outbox outbox, Clock clock, SlaMetrics metrics, SlaConfig config,
              TraceContext traces) {
        this.traces = traces;
        this.dataSource = dataSource;
        this.outbox = outbox;
        this.clock = clock;
        this.metrics = metrics;
        this.pollInterval = config.timerPollInterval();
        this.holdClaimed = config.faultInjection().holdClaimedTimers();
    }

    // A thread of its own rather than @Scheduled: Quarkus' simple scheduler checks its triggers once a second,
    // which would make every warning and breach up to a second late.
    void onStart(@Observes StartupEvent event) {
        holdClaimed.ifPresent(hold -> LOG.warnf("Fault injection on: every claimed batch of due SLA events is held "
                + "uncommitted for %s (sla.fault-injection.hold-claimed-timers)", hold));
        long millis = Math.max(1, pollInterval.toMillis());
        poller.scheduleWithFixedDelay(this::poll, 0, millis, TimeUnit.MILLISECONDS);
    }

    void onStop(@Observes ShutdownEvent event) {
        poller.shutdown();
        try {
            poller.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void poll() {
        try {
            fireDue(clock.instant());
        } catch (RuntimeException e) {
            // the rows stay pending: the next poll fires them
            LOG.warnf("Firing due SLA events failed, will retry: %s", e.toString());
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

    private int fireBatch(Instant now) throws SQLException {
        List<String> claimed = new ArrayList<>();
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
                    DomainEvent event = EventCodec.decode(due.getString("payload"), type.payloadClass());
                    record(event, due.getString("trace_parent"), due.getString("trace_state"));
                    mark.setTimestamp(1, Timestamp.from(now));
                    mark.setObject(2, due.getObject("request_id", UUID.class));
                    mark.setString(3, due.getString("event_key"));
                    mark.executeUpdate();
                    metrics.emitted(type.ceType(), Duration.between(due.getTimestamp("due_at").toInstant(), now));
                    claimed.add(due.getString("request_id") + "/" + due.getString("event_key"));
                }
            }
        }
        if (!claimed.isEmpty() && holdClaimed.isPresent()) {
            holdClaimedBatch(claimed, holdClaimed.get());
        }
        return claimed.size();
    }

    /**
     * Records a fired event in a span continuing the trace of the input that planned the timer, so that the
     * outbox row, and the Kafka record after it, carry the ticket's trace.
     */
    private void record(DomainEvent event, String traceParent, String traceState) {
        Span span = traces.startSpan("sla timer " + event.type().ceType(), SpanKind.INTERNAL, traceParent,
                traceState);
        try (Scope ignored = span.makeCurrent()) {
            outbox.record(event);
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
