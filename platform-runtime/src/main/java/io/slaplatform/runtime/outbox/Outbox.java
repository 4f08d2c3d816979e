package io.slaplatform.runtime.outbox;

import io.agroal.api.AgroalDataSource;
import io.slaplatform.events.DomainEvent;
import io.slaplatform.events.EventCodec;
import io.slaplatform.runtime.tracing.TraceContext;
import io.slaplatform.runtime.tx.AfterCommit;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Records events in the caller's transaction, so that a state change and the events describing it are
 * committed together or not at all. {@link OutboxRelay} publishes them afterwards, with the trace context of
 * the span that recorded them (the HTTP request or the consumed event), so that the trace goes on.
 */
@ApplicationScoped
public class Outbox {

    private static final String INSERT = """
            INSERT INTO outbox_event (event_id, topic, record_key, event_type, source, occurred_at, payload,
                trace_parent, trace_state)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""";

    private final AgroalDataSource dataSource;
    private final TransactionSynchronizationRegistry transactions;
    private final OutboxRelay relay;
    private final String source;
    private final TraceContext traces;

    Outbox(AgroalDataSource dataSource, TransactionSynchronizationRegistry transactions, OutboxRelay relay,
           OutboxConfig config, TraceContext traces) {
        this.dataSource = dataSource;
        this.transactions = transactions;
        this.relay = relay;
        this.source = config.source();
        this.traces = traces;
    }

    /** An event to record with the trace context it continues; {@code trace} may be null (a new trace). */
    public record Traced(DomainEvent event, TraceContext.Carried trace) {
    }

    /**
     * Records {@code event} for publication once the current transaction commits, in the current span's trace.
     *
     * @return the event's id, which becomes its {@code ce_id}
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public UUID record(DomainEvent event) {
        return recordAll(List.of(new Traced(event, traces.current().orElse(null)))).get(0);
    }

    /**
     * Records several events, in this order, with one batched INSERT, each in its own trace, once the current
     * transaction commits.
     *
     * @return the events' ids, in the same order
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<UUID> recordAll(List<Traced> events) {
        List<UUID> ids = new ArrayList<>(events.size());
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement(INSERT)) {
            for (Traced traced : events) {
                DomainEvent event = traced.event();
                UUID eventId = UUID.randomUUID();
                insert.setObject(1, eventId);
                insert.setString(2, event.type().topic());
                insert.setString(3, event.key());
                insert.setString(4, event.type().ceType());
                insert.setString(5, source);
                insert.setTimestamp(6, Timestamp.from(event.occurredAt()));
                insert.setString(7, EventCodec.encode(event));
                insert.setString(8, traced.trace() == null ? null : traced.trace().traceParent());
                insert.setString(9, traced.trace() == null ? null : traced.trace().traceState());
                insert.addBatch();
                ids.add(eventId);
            }
            insert.executeBatch();
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot record " + events.stream().map(t -> t.event().type().ceType())
                    .distinct().toList() + " in the outbox", e);
        }
        if (!events.isEmpty()) {
            wakeRelayAfterCommit();
        }
        return ids;
    }

    private void wakeRelayAfterCommit() {
        Object marker = Outbox.class;
        if (transactions.getResource(marker) != null) {
            return; // one wake-up per transaction is enough
        }
        transactions.putResource(marker, Boolean.TRUE);
        AfterCommit.run(transactions, relay::requestRun);
    }
}
