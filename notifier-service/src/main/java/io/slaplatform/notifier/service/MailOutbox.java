package io.slaplatform.notifier.service;

import io.agroal.api.AgroalDataSource;
import io.slaplatform.notifier.config.NotifierConfig;
import io.slaplatform.notifier.domain.MailKind;
import io.slaplatform.notifier.domain.MailStatus;
import io.slaplatform.notifier.mail.HeaderSafe;
import io.slaplatform.notifier.mail.MailComposer.ComposedMail;
import io.slaplatform.runtime.tracing.TraceContext;
import io.slaplatform.runtime.tx.AfterCommit;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The mail outbox, which is also the sent-mail log: mails are queued in the transaction that consumed their event,
 * one row per event and recipient, and {@link MailSender} delivers them after the commit. Queuing the same event
 * for the same recipient again (a redelivery, a replay, a second subscription of one address) finds the row and
 * adds nothing.
 */
@ApplicationScoped
public class MailOutbox {

    private static final Logger LOG = Logger.getLogger(MailOutbox.class);
    /** Why a mail to an address that cannot be mailed is parked. */
    static final String UNMAILABLE = "Not sent: the recipient is not a plain e-mail address (local@domain)";
    /** How much of an address that cannot be mailed is kept: the column holds 254 characters. */
    private static final int UNMAILABLE_SHOWN = 250;
    private static final Pattern FROM_DOMAIN = Pattern.compile("@([A-Za-z0-9.-]+)>?\\s*$");
    private static final String VIEW_COLUMNS = """
            id, event_id, event_type, kind, aggregate_id, recipient, message_id, locale, subject, status, attempts,
            next_attempt_at, last_error, created_at, sent_at, parked_at, contents_removed_at""";

    /**
     * A queued mail as operators see it (without its bodies). {@code subject} is null once the retention removed
     * the mail's contents, at {@code contentsRemovedAt}.
     */
    public record MailView(long id, String eventId, String eventType, MailKind kind, String aggregateId,
                           String recipient, String messageId, String locale, String subject, MailStatus status,
                           int attempts, Instant nextAttemptAt, String lastError, Instant createdAt, Instant sentAt,
                           Instant parkedAt, Instant contentsRemovedAt) {
    }

    private final AgroalDataSource dataSource;
    private final TransactionSynchronizationRegistry transactions;
    private final MailSender sender;
    private final Clock clock;
    private final String messageIdDomain;
    private final TraceContext traces;

    MailOutbox(AgroalDataSource dataSource, TransactionSynchronizationRegistry transactions, MailSender sender,
               Clock clock, NotifierConfig config,
               @ConfigProperty(name = "quarkus.mailer.from") Optional<String> from, TraceContext traces) {
        this.traces = traces;
        this.dataSource = dataSource;
        this.transactions = transactions;
        this.sender = sender;
        this.clock = clock;
        this.messageIdDomain = config.mail().messageIdDomain().or(() -> from.map(FROM_DOMAIN::matcher)
                .filter(Matcher::find).map(m -> m.group(1))).orElse("notifier.invalid");
    }

    /**
     * Queues a mail for one recipient of one event, in the caller's transaction. A mail to an address that cannot
     * be mailed (not a plain {@code local@domain}: services refuse such addresses at their door, but older data or
     * another producer may hold one) is stored PARKED with the reason, where {@code GET /mails/parked} and the
     * parked-mail metric show it: never dropped in silence.
     *
     * @param eventId     the {@code ce_id} the mail is about: with the recipient, its identity
     * @param aggregateId the request id (license id for the Enterprise support welcome)
     * @return true when stored (queued or parked); false when this event was already mailed to this recipient
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean queue(String eventId, String eventType, MailKind kind, String aggregateId, String recipient,
                         ComposedMail mail) {
        boolean mailable = HeaderSafe.isPlainAddress(recipient);
        if (!mailable) {
            // Only ids in the log: the address is the customer's data, and it may hold line breaks.
            LOG.errorf("Parking %s of event %s (%s): the recipient is not a plain e-mail address", kind, eventId,
                    aggregateId);
            recipient = HeaderSafe.singleLine(recipient, UNMAILABLE_SHOWN); // to show, on one line, in the column
        }
        String key = HeaderSafe.recipientKey(recipient);
        Instant now = clock.instant();
        int inserted;
        try (Connection c = dataSource.getConnection(); PreparedStatement q = c.prepareStatement("""
                INSERT INTO outgoing_mail (event_id, event_type, kind, aggregate_id, recipient, recipient_key, message_id,
                  locale, subject, text_body, html_body, status, attempts, next_attempt_at, created_at, trace_parent,
                  trace_state, parked_at, last_error)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (event_id, recipient_key) DO NOTHING""")) {
            q.setString(1, eventId);
            q.setString(2, eventType);
            q.setString(3, kind.name());
            q.setString(4, aggregateId);
            q.setString(5, recipient);
            q.setString(6, key);
            q.setString(7, messageId(eventId, key));
            q.setString(8, mail.locale());
            q.setString(9, mail.subject());
            q.setString(10, mail.text());
            q.setString(11, mail.html());
            q.setString(12, (mailable ? MailStatus.PENDING : MailStatus.PARKED).name());
            q.setTimestamp(13, mailable ? Timestamp.from(now) : null);
            q.setTimestamp(14, Timestamp.from(now));
            Optional<TraceContext.Carried> trace = traces.current(); // the consumer span: MailSender continues it
            q.setString(15, trace.map(TraceContext.Carried::traceParent).orElse(null));
            q.setString(16, trace.map(TraceContext.Carried::traceState).orElse(null));
            q.setTimestamp(17, mailable ? null : Timestamp.from(now));
            q.setString(18, mailable ? null : UNMAILABLE);
            inserted = q.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot queue mail for event " + eventId, e);
        }
        if (inserted == 1) {
            if (mailable) {
                wakeSenderAfterCommit();
            }
            return true;
        }
        LOG.debugf("%s of event %s already queued for this recipient", kind, eventId);
        return false;
    }

    /**
     * The stable {@code Message-ID} of the mail of one event to one recipient: a retry or an accidental second
     * delivery carries the same one, so receiving systems can drop the copy.
     */
    public String messageId(String eventId, String recipientKey) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest((eventId + "\n" + recipientKey).getBytes(StandardCharsets.UTF_8));
            return "<" + HexFormat.of().formatHex(hash, 0, 16) + "." + "notifier@" + messageIdDomain + ">";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Parked mails, most recently parked first. */
    @Transactional
    public List<MailView> parked(int limit) {
        return views("SELECT " + VIEW_COLUMNS + " FROM outgoing_mail WHERE status = 'PARKED' "
                + "ORDER BY parked_at DESC, id DESC LIMIT ?", q -> q.setInt(1, limit));
    }

    /** The mails queued for an event or an aggregate (request or license id), oldest first. */
    @Transactional
    public List<MailView> about(String aggregateId, int limit) {
        return views("SELECT " + VIEW_COLUMNS + " FROM outgoing_mail WHERE aggregate_id = ? ORDER BY id LIMIT ?",
                q -> {
                    q.setString(1, aggregateId);
                    q.setInt(2, limit);
                });
    }

    @Transactional
    public Optional<MailView> find(long id) {
        return views("SELECT " + VIEW_COLUMNS + " FROM outgoing_mail WHERE id = ?", q -> q.setLong(1, id))
                .stream().findFirst();
    }

    /**
     * Puts a parked mail back in the queue, due now, with its attempts counted afresh.
     *
     * @return the mail as it is now; empty when there is no mail with this id
     * @throws IllegalStateException when the mail is not parked
     */
    @Transactional
    public Optional<MailView> retry(long id) {
        Optional<MailView> mail = views("SELECT " + VIEW_COLUMNS + " FROM outgoing_mail WHERE id = ? FOR UPDATE",
                q -> q.setLong(1, id)).stream().findFirst();
        if (mail.isEmpty()) {
            return mail;
        }
        if (mail.get().status() != MailStatus.PARKED) {
            throw new NotParkedException(id, mail.get().status());
        }
        requeue("id = ?", q -> q.setLong(2, id));
        return find(id);
    }

    /** Puts every parked mail back in the queue; returns how many. */
    @Transactional
    public int retryAllParked() {
        return requeue("status = 'PARKED'", q -> { });
    }

    /** Thrown by {@link #retry} for a mail that is not parked. */
    public static class NotParkedException extends IllegalStateException {
        public final MailStatus status;

        NotParkedException(long id, MailStatus status) {
            super("Mail " + id + " is " + status + ", not PARKED");
            this.status = status;
        }
    }

    private int requeue(String where, Binder binder) {
        try (Connection c = dataSource.getConnection(); PreparedStatement q = c.prepareStatement(
                "UPDATE outgoing_mail SET status = 'PENDING', attempts = 0, next_attempt_at = ?, parked_at = NULL "
                        + "WHERE status = 'PARKED' AND " + where)) {
            q.setTimestamp(1, Timestamp.from(clock.instant()));
            binder.bind(q);
            int requeued = q.executeUpdate();
            if (requeued > 0) {
                LOG.infof("%d parked mail(s) queued again", requeued);
                wakeSenderAfterCommit();
            }
            return requeued;
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot queue parked mails again", e);
        }
    }

    private List<MailView> views(String sql, Binder binder) {
        List<MailView> views = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement q = c.prepareStatement(sql)) {
            binder.bind(q);
            try (ResultSet r = q.executeQuery()) {
                while (r.next()) {
                    views.add(new MailView(r.getLong("id"), r.getString("event_id"), r.getString("event_type"),
                            MailKind.valueOf(r.getString("kind")), r.getString("aggregate_id"),
                            r.getString("recipient"), r.getString("message_id"), r.getString("locale"),
                            r.getString("subject"), MailStatus.valueOf(r.getString("status")), r.getInt("attempts"),
                            instant(r.getTimestamp("next_attempt_at")), r.getString("last_error"),
                            instant(r.getTimestamp("created_at")), instant(r.getTimestamp("sent_at")),
                            instant(r.getTimestamp("parked_at")), instant(r.getTimestamp("contents_removed_at"))));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read queued mails", e);
        }
        return views;
    }

    private void wakeSenderAfterCommit() {
        Object marker = MailOutbox.class;
        if (transactions.getResource(marker) != null) {
            return; // one wake-up per transaction is enough
        }
        transactions.putResource(marker, Boolean.TRUE);
        AfterCommit.run(transactions, sender::requestRun);
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    @FunctionalInterface
    private interface Binder {
        void bind(PreparedStatement q) throws SQLException;
    }
}
