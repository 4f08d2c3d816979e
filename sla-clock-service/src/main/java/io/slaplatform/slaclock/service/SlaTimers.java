package io.slaplatform.slaclock.service;

import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import io.slaplatform.events.DomainEvent;
import io.slaplatform.events.EventCodec;
import io.slaplatform.events.EventType;
import io.slaplatform.runtime.outbox.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

/**
 * Fires due SLA events (warnings, breaches): claims pending {@code sla_event} rows whose time has come with
 * {@code FOR UPDATE SKIP LOCKED}, so several instances share the work without firing a row twice, and records
 * each in the outbox in the same transaction that marks it emitted. A crash before the commit leaves the row
 * pending for the next run; at start the first run fires whatever fell due while the service was down.
 */
@ApplicationScoped
public class SlaTimers {

    private static final int BATCH = 500;

    private final AgroalDataSource dataSource;
    private final Outbox outbox;
    private final Clock clock;

    SlaTimers(AgroalDataSource dataSource, Outbox outbox, Clock clock) {
        this.dataSource = dataSource;
        this.outbox = outbox;
        this.clock = clock;
    }

    @Scheduled(every = "${sla.timer-poll-interval:100ms}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void poll() {
        fireDue(clock.instant());
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
        int fired = 0;
        try (Connection c = dataSource.getConnection();
             PreparedStatement claim = c.prepareStatement("""
                     SELECT request_id, event_key, event_type, payload FROM sla_event
                     WHERE emitted_at IS NULL AND due_at <= ? ORDER BY due_at LIMIT ? FOR UPDATE SKIP LOCKED""");
             PreparedStatement mark = c.prepareStatement(
                     "UPDATE sla_event SET emitted_at = ? WHERE request_id = ? AND event_key = ?")) {
            claim.setTimestamp(1, Timestamp.from(now));
            claim.setInt(2, BATCH);
            try (ResultSet due = claim.executeQuery()) {
                while (due.next()) {
                    EventType type = EventType.fromCeType(due.getString("event_type")).orElseThrow();
                    DomainEvent event = EventCodec.decode(due.getString("payload"), type.payloadClass());
                    outbox.record(event);
                    mark.setTimestamp(1, Timestamp.from(now));
                    mark.setObject(2, due.getObject("request_id", UUID.class));
                    mark.setString(3, due.getString("event_key"));
                    mark.executeUpdate();
                    fired++;
                }
            }
        }
        return fired;
    }
}
