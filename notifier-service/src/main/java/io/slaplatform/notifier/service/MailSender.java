package io.slaplatform.notifier.service;

import io.agroal.api.AgroalDataSource;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.Mailer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.slaplatform.notifier.config.NotifierConfig;
import io.slaplatform.notifier.domain.Backoff;
import io.slaplatform.notifier.domain.MailKind;
import io.slaplatform.notifier.mail.HeaderSafe;
import io.slaplatform.runtime.tracing.TraceContext;
import io.vertx.ext.mail.SMTPException;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Delivers queued mails over SMTP on a thread of its own, never inside a Kafka consumer's transaction.
 *
 * <p>Each mail is sent in a transaction of its own: the due row is claimed with {@code FOR UPDATE SKIP LOCKED}
 * (several instances, or several runs, never hold the same mail), handed to the SMTP server with the blocking
 * {@link Mailer}, and marked SENT right after the server accepted it. A failure records the attempt and the next
 * one, {@code notifier.sender.initial-backoff} doubling up to {@code max-backoff}; after
 * {@code max-attempts}, or at once when the server refuses the mail permanently (an SMTP 5xx reply other than a
 * 50x syntax or sequence error, see {@link #refusesTheMail}), the mail is
 * PARKED for an operator. A failure other than a permanent refusal ends the round: when the server is down, the
 * sender does not knock once for every mail in the queue.
 *
 * <p>Each committed attempt is counted in {@link MailMetrics}: sent, failed, and parked, by mail kind.
 *
 * <p>The limit: SMTP has no idempotency key. A crash (or a lost database connection, or
 * {@code quarkus.mailer.timeout} passing) after the server accepted a mail and before the SENT mark commits leaves
 * the mail PENDING, and it is sent a second time. The window is one UPDATE and one COMMIT; the copy carries the
 * same {@code Message-ID}, so receiving systems that de-duplicate on it drop it.
 */
@Singleton
public class MailSender {

    private static final Logger LOG = Logger.getLogger(MailSender.class);

    /** What one attempt came to. */
    enum Outcome { NOTHING_DUE, SENT, FAILED, REFUSED }

    /** One attempt: its outcome, the mail's kind (null when nothing was due) and whether it parked the mail. */
    private record Attempt(Outcome outcome, MailKind kind, boolean parked) {
        static final Attempt NOTHING_DUE = new Attempt(Outcome.NOTHING_DUE, null, false);
    }

    private final AgroalDataSource dataSource;
    private final Mailer mailer;
    private final Clock clock;
    private final MailMetrics metrics;
    private final NotifierConfig.Sender config;
    private final Backoff backoff;
    private final int transactionTimeoutSeconds;
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "mail-sender");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicBoolean runRequested = new AtomicBoolean();
    private final Duration mailerTimeout;
    private volatile boolean stopping;
    private final TraceContext traces;
    /** {@code quarkus.mailer.from}, its display name encoded here (see {@link HeaderSafe#mailboxHeader}). */
    private final String from;

    MailSender(AgroalDataSource dataSource, Mailer mailer, Clock clock, MailMetrics metrics, NotifierConfig config,
               @ConfigProperty(name = "quarkus.mailer.timeout", defaultValue = "60s") Duration mailerTimeout,
               @ConfigProperty(name = "quarkus.mailer.from") String from, TraceContext traces) {
        this.dataSource = dataSource;
        this.from = HeaderSafe.mailboxHeader(from);
        this.traces = traces;
        this.mailer = mailer;
        this.clock = clock;
        this.metrics = metrics;
        this.config = config.sender();
        this.backoff = new Backoff(this.config.initialBackoff(), this.config.maxBackoff());
        if (this.config.maxAttempts() < 1) {
            throw new IllegalStateException("notifier.sender.max-attempts must be at least 1");
        }
        // The row stays locked while the server is talked to; the transaction must outlive the mailer's timeout.
        this.transactionTimeoutSeconds = (int) Math.max(30, mailerTimeout.toSeconds() + 30);
        this.mailerTimeout = mailerTimeout;
    }

    void onStart(@Observes StartupEvent event) {
        if (config.enabled()) {
            long millis = Math.max(1, config.pollInterval().toMillis());
            executor.scheduleWithFixedDelay(this::runSafely, 0, millis, TimeUnit.MILLISECONDS);
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        stopping = true; // the round in progress finishes the mail in hand and claims no other
        executor.shutdown();
        try {
            // long enough for that mail's SMTP exchange, so it is marked sent rather than sent again after restart
            executor.awaitTermination(mailerTimeout.plusSeconds(5).toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Asks the sender thread for a round now; returns at once. Concurrent requests coalesce. */
    public void requestRun() {
        if (config.enabled() && !executor.isShutdown() && runRequested.compareAndSet(false, true)) {
            try {
                executor.execute(this::runSafely);
            } catch (RejectedExecutionException e) {
                runRequested.set(false); // shutting down: the next start sends what is left
            }
        }
    }

    private void runSafely() {
        runRequested.set(false);
        try {
            sendDue();
        } catch (RuntimeException e) {
            // Nothing is lost: the rows stay PENDING and the next round takes them.
            LOG.warnf("Mail sender round failed, will retry: %s", e.toString());
        }
    }

    /**
     * One round: sends due mails, one transaction each, until none is due, {@code batch-size} were handled or an
     * attempt failed other than by a permanent refusal. Safe to call from any thread, alongside other rounds.
     *
     * @return how many mails the SMTP server accepted
     */
    public int sendDue() {
        int sent = 0;
        for (int handled = 0; handled < config.batchSize() && !stopping; handled++) {
            Attempt attempt = QuarkusTransaction.requiringNew().timeout(transactionTimeoutSeconds).call(this::sendOne);
            Outcome outcome = attempt.outcome();
            // counted once the attempt's transaction has committed
            if (outcome == Outcome.SENT) {
                metrics.sent(attempt.kind());
            } else if (outcome != Outcome.NOTHING_DUE) {
                metrics.failed(attempt.kind(), attempt.parked());
            }
            if (outcome == Outcome.SENT) {
                sent++;
            } else if (outcome != Outcome.REFUSED) {
                break;
            }
        }
        return sent;
    }

    private Attempt sendOne() throws SQLException {
        Instant now = clock.instant();
        try (Connection c = dataSource.getConnection()) {
            long id;
            int attempts;
            MailKind kind;
            Mail mail;
            Span span;
            try (PreparedStatement claim = c.prepareStatement("""
                    SELECT id, kind, recipient, message_id, subject, text_body, html_body, attempts, trace_parent,
                    trace_state FROM outgoing_mail WHERE status = 'PENDING' AND next_attempt_at <= ?
                    ORDER BY next_attempt_at, id LIMIT 1 FOR UPDATE SKIP LOCKED""")) {
                claim.setTimestamp(1, Timestamp.from(now));
                try (ResultSet r = claim.executeQuery()) {
                    if (!r.next()) {
                        return Attempt.NOTHING_DUE;
                    }
                    id = r.getLong("id");
                    kind = MailKind.valueOf(r.getString("kind"));
                    attempts = r.getInt("attempts") + 1;
                    if (!HeaderSafe.isPlainAddress(r.getString("recipient"))) {
                        return failed(c, id, kind, attempts, new UnmailableRecipient()); // e.g. a parked one retried
                    }
                    mail = new Mail()
                            .setFrom(from)
                            .addTo(r.getString("recipient"))
                            // Stored safe already; folded again so that no row, however it got there, adds headers.
                            .setSubject(HeaderSafe.subjectHeader(r.getString("subject")))
                            .setText(r.getString("text_body"))
                            .setHtml(r.getString("html_body"))
                            .addHeader("Message-ID", r.getString("message_id"));
                    span = sendSpan(r, kind, attempts);
                }
            }
            try (Scope ignored = span.makeCurrent()) {
                mailer.send(mail);
            } catch (RuntimeException e) {
                span.setStatus(StatusCode.ERROR, e.getClass().getName()); // no message: it may name the recipient
                return failed(c, id, kind, attempts, e);
            } finally {
                span.end();
            }
            try (PreparedStatement sent = c.prepareStatement("""
                    UPDATE outgoing_mail SET status = 'SENT', attempts = ?, sent_at = ?, next_attempt_at = NULL,
                    last_error = NULL WHERE id = ?""")) {
                sent.setInt(1, attempts);
                sent.setTimestamp(2, Timestamp.from(clock.instant()));
                sent.setLong(3, id);
                sent.executeUpdate();
            }
            LOG.debugf("Mail %d sent", id);
            return new Attempt(Outcome.SENT, kind, false);
        }
    }

    /**
     * The span of one SMTP attempt: a child of the consumer span that queued the mail, so that the trace of the
     * event ends here. Ids only as attributes; the recipient is personal data.
     */
    private Span sendSpan(ResultSet row, MailKind kind, int attempt) throws SQLException {
        Span span = traces.startSpan("smtp send", SpanKind.CLIENT, row.getString("trace_parent"),
                row.getString("trace_state"));
        span.setAttribute("mail.id", row.getLong("id"));
        span.setAttribute("mail.kind", kind.name());
        span.setAttribute("mail.attempt", attempt);
        return span;
    }

    private Attempt failed(Connection c, long id, MailKind kind, int attempts, RuntimeException error)
            throws SQLException {
        SMTPException smtp = smtpCause(error);
        boolean refused = error instanceof UnmailableRecipient || smtp != null && refusesTheMail(smtp.getReplyCode());
        String message = HeaderSafe.singleLine(describe(error, smtp), 1000);
        Instant now = clock.instant();
        if (refused || attempts >= config.maxAttempts()) {
            try (PreparedStatement park = c.prepareStatement("""
                    UPDATE outgoing_mail SET status = 'PARKED', attempts = ?, last_error = ?, parked_at = ?,
                    next_attempt_at = NULL WHERE id = ?""")) {
                park.setInt(1, attempts);
                park.setString(2, message);
                park.setTimestamp(3, Timestamp.from(now));
                park.setLong(4, id);
                park.executeUpdate();
            }
            // The reply text often quotes the recipient: it stays in last_error (GET /mails/{id}), out of the log.
            LOG.errorf("Mail %d parked after %d attempt(s)%s: %s", id, attempts,
                    refused ? " (refused permanently)" : "", logSummary(error, smtp));
            return new Attempt(refused ? Outcome.REFUSED : Outcome.FAILED, kind, true);
        }
        Duration pause = backoff.after(attempts);
        try (PreparedStatement retry = c.prepareStatement(
                "UPDATE outgoing_mail SET attempts = ?, last_error = ?, next_attempt_at = ? WHERE id = ?")) {
            retry.setInt(1, attempts);
            retry.setString(2, message);
            retry.setTimestamp(3, Timestamp.from(now.plus(pause)));
            retry.setLong(4, id);
            retry.executeUpdate();
        }
        LOG.warnf("Mail %d not sent (attempt %d of %d), next attempt in %d ms: %s", id, attempts,
                config.maxAttempts(), pause.toMillis(), logSummary(error, smtp));
        return new Attempt(Outcome.FAILED, kind, false);
    }

    /**
     * Whether an SMTP reply refuses the mail for good: a 5xx reply (550 mailbox unavailable, 554 transaction failed,
     * 530 authentication required...), except the 50x syntax and sequence replies (500 command unrecognised to 504):
     * from a well-formed client those mean the session went wrong, not that the server will never take the mail,
     * so they are retried like a temporary failure and parked only after {@code max-attempts}. The fault suite
     * (docs/reliability.md) saw a 500 after a server had answered 421 and closed, and a mail lost to parking.
     */
    static boolean refusesTheMail(int replyCode) {
        return replyCode >= 500 && replyCode < 600 && replyCode / 10 != 50;
    }

    private static SMTPException smtpCause(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SMTPException smtp) {
                return smtp;
            }
        }
        return null;
    }

    /** What a log line may say of a failure: the SMTP reply code or the exception classes, no message text. */
    private static String logSummary(Throwable error, SMTPException smtp) {
        if (smtp != null) {
            return "SMTP reply " + smtp.getReplyCode();
        }
        StringBuilder classes = new StringBuilder(error.getClass().getName());
        Throwable t = error.getCause();
        for (int depth = 0; t != null && depth < 10; depth++, t = t.getCause()) {
            classes.append(" <- ").append(t.getClass().getName());
        }
        return classes.toString();
    }

    private static String describe(Throwable error, SMTPException smtp) {
        if (smtp != null) {
            return "SMTP " + smtp.getReplyCode() + ": " + smtp.getMessage();
        }
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == error ? error.toString() : error.getMessage() + " (" + root + ")";
    }

    /** A recipient no SMTP server can be given: parked at once, like a permanent refusal. */
    private static final class UnmailableRecipient extends RuntimeException {
        UnmailableRecipient() {
            super(MailOutbox.UNMAILABLE, null, false, false);
        }

        @Override
        public String toString() {
            return getMessage();
        }
    }
}
