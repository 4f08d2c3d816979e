package io.slaplatform.runtime.messaging;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;

/**
 * The log of consumed {@code ce_id}s. Checked and written in the same transaction as the event's effect, so
 * an effect and its log row commit together, and a redelivered event finds its row and is skipped.
 */
@ApplicationScoped
public class ConsumedEventLog {

    private static final String INSERT = """
            INSERT INTO consumed_event (event_id, event_type, consumed_at) VALUES (?, ?, ?)
            ON CONFLICT (event_id) DO NOTHING""";

    private final AgroalDataSource dataSource;
    private final Clock clock;

    ConsumedEventLog(AgroalDataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    /**
     * Records the event as consumed.
     *
     * @return true the first time this {@code ce_id} is seen, false for a redelivery or a duplicate
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean firstDelivery(IncomingEvent event) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement(INSERT)) {
            insert.setString(1, event.id());
            insert.setString(2, event.ceType());
            insert.setTimestamp(3, Timestamp.from(clock.instant()));
            return insert.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot record consumed event " + event.id(), e);
        }
    }
}
