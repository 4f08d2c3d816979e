package io.slaplatform.notifier.repository;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Ticket projections and the alerts deferred until a ticket's RequestSubmitted arrives. A ticket is read under its
 * row lock, so the listeners of different topics, each on its own thread, apply their events to it one at a time.
 */
@ApplicationScoped
public class TicketRepository {

    /** An SLA alert kept until the ticket's subject and contact are known. */
    public record DeferredAlert(String eventId, String eventType, String payload) {
    }

    private final AgroalDataSource dataSource;
    private final Clock clock;

    TicketRepository(AgroalDataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    /** The ticket, created empty when unknown, locked until the transaction ends. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Ticket lock(UUID requestId) {
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement insert = c.prepareStatement(
                    "INSERT INTO ticket (request_id, updated_at) VALUES (?, ?) ON CONFLICT (request_id) DO NOTHING")) {
                insert.setObject(1, requestId);
                insert.setTimestamp(2, Timestamp.from(clock.instant()));
                insert.executeUpdate();
            }
            try (PreparedStatement select = c.prepareStatement("SELECT * FROM ticket WHERE request_id = ? FOR UPDATE")) {
                select.setObject(1, requestId);
                try (ResultSet r = select.executeQuery()) {
                    r.next();
                    return read(r);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot lock ticket " + requestId, e);
        }
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void save(Ticket t) {
        try (Connection c = dataSource.getConnection(); PreparedStatement q = c.prepareStatement("""
                UPDATE ticket SET contact_email = ?, subject = ?, locale = ?, impact = ?, country = ?, submitted_at = ?,
                  accepted_event_id = ?, rejected_event_id = ?, rejection_reason = ?, rejection_detail = ?,
                  clock_calendar = ?, clock_impact = ?, clock_target = ?, clock_deadline = ?,
                  acknowledged = ?, rejection_notified = ?, updated_at = ?
                WHERE request_id = ?""")) {
            q.setString(1, t.contactEmail);
            q.setString(2, t.subject);
            q.setString(3, t.locale);
            q.setString(4, t.impact);
            q.setString(5, t.country);
            q.setTimestamp(6, timestamp(t.submittedAt));
            q.setString(7, t.acceptedEventId);
            q.setString(8, t.rejectedEventId);
            q.setString(9, t.rejectionReason);
            q.setString(10, t.rejectionDetail);
            q.setString(11, t.clockCalendar);
            q.setString(12, t.clockImpact);
            q.setString(13, t.clockTarget);
            q.setTimestamp(14, timestamp(t.clockDeadline));
            q.setBoolean(15, t.acknowledged);
            q.setBoolean(16, t.rejectionNotified);
            q.setTimestamp(17, Timestamp.from(clock.instant()));
            q.setObject(18, t.requestId);
            q.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot save ticket " + t.requestId, e);
        }
    }

    /** Keeps an alert for later; a second deferral of the same event is a no-op. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void defer(UUID requestId, String eventId, String eventType, String payload) {
        try (Connection c = dataSource.getConnection(); PreparedStatement q = c.prepareStatement("""
                INSERT INTO deferred_alert (event_id, request_id, event_type, payload, received_at)
                VALUES (?, ?, ?, ?, ?) ON CONFLICT (event_id) DO NOTHING""")) {
            q.setString(1, eventId);
            q.setObject(2, requestId);
            q.setString(3, eventType);
            q.setString(4, payload);
            q.setTimestamp(5, Timestamp.from(clock.instant()));
            q.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot defer alert " + eventId, e);
        }
    }

    /** Removes and returns the ticket's deferred alerts, in the order they arrived. */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<DeferredAlert> takeDeferred(UUID requestId) {
        List<DeferredAlert> alerts = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement q = c.prepareStatement("""
                DELETE FROM deferred_alert WHERE request_id = ? RETURNING event_id, event_type, payload, received_at""")) {
            q.setObject(1, requestId);
            try (ResultSet r = q.executeQuery()) {
                List<Object[]> rows = new ArrayList<>();
                while (r.next()) {
                    rows.add(new Object[]{r.getTimestamp(4).toInstant(), r.getString(1), r.getString(2), r.getString(3)});
                }
                rows.sort((a, b) -> ((Instant) a[0]).compareTo((Instant) b[0]));
                rows.forEach(row -> alerts.add(new DeferredAlert((String) row[1], (String) row[2], (String) row[3])));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read deferred alerts of " + requestId, e);
        }
        return alerts;
    }

    private static Ticket read(ResultSet r) throws SQLException {
        Ticket t = new Ticket();
        t.requestId = r.getObject("request_id", UUID.class);
        t.contactEmail = r.getString("contact_email");
        t.subject = r.getString("subject");
        t.locale = r.getString("locale");
        t.impact = r.getString("impact");
        t.country = r.getString("country");
        t.submittedAt = instant(r.getTimestamp("submitted_at"));
        t.acceptedEventId = r.getString("accepted_event_id");
        t.rejectedEventId = r.getString("rejected_event_id");
        t.rejectionReason = r.getString("rejection_reason");
        t.rejectionDetail = r.getString("rejection_detail");
        t.clockCalendar = r.getString("clock_calendar");
        t.clockImpact = r.getString("clock_impact");
        t.clockTarget = r.getString("clock_target");
        t.clockDeadline = instant(r.getTimestamp("clock_deadline"));
        t.acknowledged = r.getBoolean("acknowledged");
        t.rejectionNotified = r.getBoolean("rejection_notified");
        return t;
    }

    private static Timestamp timestamp(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
