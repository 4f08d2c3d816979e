package io.slaplatform.notifier.service;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.slaplatform.notifier.domain.MailKind;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Prometheus metrics of the mail outbox (at {@code /q/metrics}): {@code notifier_mails_sent_total{kind}},
 * {@code notifier_mails_failed_total{kind}} (every attempt that did not send, the one that parks included),
 * {@code notifier_mails_parked_total{kind}}, and the gauges {@code notifier_mails_pending} (queued, neither sent
 * nor parked) and {@code notifier_mails_parked_current} (parked now; a gauge cannot be called
 * {@code notifier_mails_parked}, the family name of the counter {@code notifier_mails_parked_total}). The counters count an attempt once its transaction
 * has committed, on this instance; every kind is registered at start, at zero. The gauges show a count taken
 * every {@code notifier.metrics.refresh-interval} (one query), never one per scrape.
 */
@Singleton
public class MailMetrics {

    private static final Logger LOG = Logger.getLogger(MailMetrics.class);

    private final MeterRegistry registry;
    private final AgroalDataSource dataSource;
    private final List<Meter> meters = new ArrayList<>();
    private final Map<MailKind, Counter> sent = new EnumMap<>(MailKind.class);
    private final Map<MailKind, Counter> failed = new EnumMap<>(MailKind.class);
    private final Map<MailKind, Counter> parked = new EnumMap<>(MailKind.class);
    private final AtomicLong pendingNow = new AtomicLong();
    private final AtomicLong parkedNow = new AtomicLong();

    MailMetrics(MeterRegistry registry, AgroalDataSource dataSource) {
        this.registry = registry;
        this.dataSource = dataSource;
        for (MailKind kind : MailKind.values()) {
            sent.put(kind, Counter.builder("notifier.mails.sent").tag("kind", kind.name())
                    .description("Mails the SMTP server accepted").register(registry));
            failed.put(kind, Counter.builder("notifier.mails.failed").tag("kind", kind.name())
                    .description("Attempts to send a mail that failed (retried later, or parked)").register(registry));
            parked.put(kind, Counter.builder("notifier.mails.parked").tag("kind", kind.name())
                    .description("Mails parked: refused permanently (SMTP 5xx but 500-504) or after the last attempt")
                    .register(registry));
        }
        meters.addAll(sent.values());
        meters.addAll(failed.values());
        meters.addAll(parked.values());
        meters.add(Gauge.builder("notifier.mails.pending", pendingNow, AtomicLong::get)
                .description("Mails queued, neither sent nor parked (counted periodically)").register(registry));
        // Not notifier_mails_parked: Prometheus names the counter notifier_mails_parked_total's family that already.
        meters.add(Gauge.builder("notifier.mails.parked.current", parkedNow, AtomicLong::get)
                .description("Mails parked now, waiting for an operator (counted periodically)").register(registry));
    }

    /**
     * Removes this instance's meters when the application stops. The registry Quarkus injects is Micrometer's global
     * one, which outlives the application in dev mode and tests: left there, a restarted application would get the
     * old gauges back, reading the values of this (gone) instance.
     */
    @PreDestroy
    void removeMeters() {
        meters.forEach(registry::remove);
    }

    void sent(MailKind kind) {
        sent.get(kind).increment();
    }

    /** A failed attempt; {@code parkedNow} when it parked the mail. */
    void failed(MailKind kind, boolean parkedNow) {
        failed.get(kind).increment();
        if (parkedNow) {
            parked.get(kind).increment();
        }
    }

    /**
     * Counts pending and parked mails for the gauges: one query, on the scheduler's thread. Each count matches a
     * partial index ({@code outgoing_mail_due}, {@code outgoing_mail_parked}), so the sent mails, which only
     * accumulate, are never scanned.
     */
    @Scheduled(every = "${notifier.metrics.refresh-interval:5s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public void refresh() {
        try (Connection c = dataSource.getConnection(); PreparedStatement q = c.prepareStatement("""
                SELECT (SELECT count(*) FROM outgoing_mail WHERE status = 'PENDING'),
                       (SELECT count(*) FROM outgoing_mail WHERE status = 'PARKED')""");
             ResultSet r = q.executeQuery()) {
            r.next();
            pendingNow.set(r.getLong(1));
            parkedNow.set(r.getLong(2));
        } catch (SQLException e) {
            // the gauges keep their last values; the next refresh tries again
            LOG.warnf("Cannot count pending and parked mails: %s", e.getMessage());
        }
    }
}
