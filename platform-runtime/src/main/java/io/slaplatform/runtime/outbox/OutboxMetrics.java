package io.slaplatform.runtime.outbox;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * The outbox backlog as Prometheus gauges (at {@code /q/metrics}): {@code outbox_events_pending} (rows in
 * {@code outbox_event} the relay has not yet published) and {@code outbox_oldest_pending_age_seconds} (how long ago
 * the oldest of them, the next to publish, occurred; 0 when the outbox is empty). A backlog that grows, or an age
 * that keeps rising, means the relay cannot reach Kafka or is switched off. Both are taken every
 * {@code outbox.metrics.refresh-interval} (default 5 s) with one query, never per scrape; the relay deletes what it
 * published, so the table stays small and the count cheap.
 */
@Singleton
public class OutboxMetrics {

    private static final Logger LOG = Logger.getLogger(OutboxMetrics.class);
    private static final String BACKLOG = """
            SELECT count(*), (SELECT occurred_at FROM outbox_event ORDER BY id LIMIT 1) FROM outbox_event""";

    private final MeterRegistry registry;
    private final AgroalDataSource dataSource;
    private final Clock clock;
    private final AtomicLong pending = new AtomicLong();
    private final AtomicLong oldestAgeMillis = new AtomicLong();
    private final List<Meter> meters;

    OutboxMetrics(MeterRegistry registry, AgroalDataSource dataSource, Clock clock) {
        this.registry = registry;
        this.dataSource = dataSource;
        this.clock = clock;
        this.meters = List.of(
                Gauge.builder("outbox.events.pending", pending, AtomicLong::get)
                        .description("Outbox events not yet published to Kafka (counted periodically)")
                        .register(registry),
                Gauge.builder("outbox.oldest.pending.age", oldestAgeMillis, millis -> millis.get() / 1000.0)
                        .baseUnit("seconds")
                        .description("Age of the oldest unpublished outbox event, 0 when none (taken periodically)")
                        .register(registry));
    }

    /**
     * Removes the gauges when the application stops: the registry outlives the application in dev mode and tests,
     * and would otherwise keep reading this (gone) instance.
     */
    @PreDestroy
    void removeMeters() {
        meters.forEach(registry::remove);
    }

    /** Counts the backlog and reads its oldest event: one query, on the scheduler's thread. */
    @Scheduled(every = "${outbox.metrics.refresh-interval:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public void refresh() {
        try (Connection c = dataSource.getConnection(); PreparedStatement q = c.prepareStatement(BACKLOG);
             ResultSet r = q.executeQuery()) {
            r.next();
            Timestamp oldest = r.getTimestamp(2);
            pending.set(r.getLong(1));
            oldestAgeMillis.set(oldest == null ? 0
                    : Math.max(0, Duration.between(oldest.toInstant(), clock.instant()).toMillis()));
        } catch (SQLException e) {
            // the gauges keep their last values; the next refresh tries again
            LOG.warnf("Cannot measure the outbox backlog: %s", e.getMessage());
        }
    }
}
