package io.slaplatform.notifier.service;

import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import io.slaplatform.notifier.config.NotifierConfig;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * Removes the contents of old sent mails: every hour, the rendered subject and both bodies of each mail sent
 * longer ago than {@code notifier.mail.retention} (default 30 days) are set to null, as they hold customers'
 * addresses and ticket subjects. The row stays, with its event id, recipient, status and sent time: it is the
 * sent-mail log that keeps a redelivered or replayed event from being mailed a second time. Pending and parked
 * mails keep their contents until they are sent. Several instances may run it at once: a mail's contents are
 * removed once, and batches skip the rows another instance holds.
 */
@Singleton
public class MailRetention {

    private static final Logger LOG = Logger.getLogger(MailRetention.class);
    /** Rows per transaction, so that a first run over a large table does not hold one long transaction. */
    static final int BATCH = 1000;

    private final AgroalDataSource dataSource;
    private final Clock clock;
    private final Duration retention;

    MailRetention(AgroalDataSource dataSource, Clock clock, NotifierConfig config) {
        this.dataSource = dataSource;
        this.clock = clock;
        this.retention = config.mail().retention();
        if (retention.isNegative()) {
            throw new IllegalStateException("notifier.mail.retention must not be negative: " + retention);
        }
    }

    @Scheduled(every = "1h", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void run() {
        try {
            removeContents(clock.instant());
        } catch (RuntimeException e) {
            // nothing is lost by waiting: the next run removes what this one did not
            LOG.warnf("Mail retention run failed, will retry: %s", e.toString());
        }
    }

    /**
     * Removes the contents of every mail sent before {@code now} minus the retention.
     *
     * @return how many mails lost their contents
     */
    public int removeContents(Instant now) {
        Instant cutoff = now.minus(retention);
        int removed = 0;
        int batch;
        do {
            batch = QuarkusTransaction.requiringNew().call(() -> removeBatch(cutoff, now));
            removed += batch;
        } while (batch == BATCH);
        if (removed > 0) {
            LOG.infof("Removed the contents of %d mail(s) sent before %s", removed, cutoff);
        }
        return removed;
    }

    private int removeBatch(Instant cutoff, Instant now) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement q = c.prepareStatement("""
                UPDATE outgoing_mail SET subject = NULL, text_body = NULL, html_body = NULL, contents_removed_at = ?
                WHERE id IN (SELECT id FROM outgoing_mail
                             WHERE status = 'SENT' AND contents_removed_at IS NULL AND sent_at < ?
                             ORDER BY sent_at LIMIT ? FOR UPDATE SKIP LOCKED)""")) {
            q.setTimestamp(1, Timestamp.from(now));
            q.setTimestamp(2, Timestamp.from(cutoff));
            q.setInt(3, BATCH);
            return q.executeUpdate();
        }
    }
}
