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
import java.util.Optional;
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

    /**
     * Records {@code event} for publication once the current transaction commits.
     *
     * @return the event's id, which becomes its {@code ce_id}
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public UUID record(DomainEvent event) {
        UUID eventId = UUID.randomUUID();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement(INSERT)) {
            insert.setObject(1, eventId);
            insert.setString(2, event.type().topic());
            insert.setString(3, event.key());
            insert.setString(4, event.type().ceType());
            insert.setString(5, source);
            insert.setTimestamp(6, Timestamp.from(event.occurredAt()));
            insert.setString(7, EventCodec.encode(event));
            Optional<TraceContext.Carried> trace = traces.current();
            insert.setString(8, trace.map(TraceContext.Carried::traceParent).orElse(null));
            insert.setString(9, trace.map(TraceContext.Carried::traceState).orElse(null));
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot record " + event.type().ceType() + " in the outbox", e);
        }
        wakeRelayAfterCommit();
        return eventId;
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
