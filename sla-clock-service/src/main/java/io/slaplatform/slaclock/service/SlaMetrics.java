package io.slaplatform.slaclock.service;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.quarkus.scheduler.Scheduled;
import io.slaplatform.runtime.tx.AfterCommit;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Prometheus metrics of the SLA clock (at {@code /q/metrics}): {@code sla_events_emitted_total{type}},
 * {@code sla_firing_lag_seconds} (from a timer's due instant to its emission into the outbox),
 * {@code sla_cycles_running{impact,calendar}}, {@code sla_timers_held} (warnings and breaches due but waiting
 * for the clock's inputs to catch up), {@code sla_timers_forced_total{type}} (fired after waiting
 * {@code sla.breach-max-hold} without the inputs catching up) and {@code sla_events_skipped_total{type}}
 * (warnings not sent because their deadline had passed). Emissions count once their transaction commits.
 */
@ApplicationScoped
public class SlaMetrics {

    private static final Logger LOG = Logger.getLogger(SlaMetrics.class);

    private final MeterRegistry registry;
    private final TransactionSynchronizationRegistry transactions;
    private final AgroalDataSource dataSource;
    private final DistributionSummary firingLag;
    private final MultiGauge running;
    private final AtomicInteger held = new AtomicInteger();

    SlaMetrics(MeterRegistry registry, TransactionSynchronizationRegistry transactions, AgroalDataSource dataSource) {
        this.registry = registry;
        this.transactions = transactions;
        this.dataSource = dataSource;
        this.firingLag = DistributionSummary.builder("sla.firing.lag")
                .description("From a warning's or breach's due instant to its emission")
                .baseUnit("seconds")
                .publishPercentileHistogram()
                .register(registry);
        this.running = MultiGauge.builder("sla.cycles.running")
                .description("Running SLA cycles by impact and calendar")
                .register(registry);
        Gauge.builder("sla.timers.held", held, AtomicInteger::get)
                .description("Warnings and breaches due but waiting for the clock's inputs to catch up")
                .register(registry);
    }

    /** How many due warnings and breaches wait for the clock's inputs, as the poller last counted. */
    void held(int count) {
        held.set(count);
    }

    /** Counts a warning or breach fired after waiting sla.breach-max-hold for its inputs, once committed. */
    void forced(String type) {
        AfterCommit.run(transactions, () -> Counter.builder("sla.timers.forced").tag("type", type)
                .description("Warnings and breaches fired after waiting sla.breach-max-hold for the clock's inputs")
                .register(registry).increment());
    }

    /** Counts a warning not sent because its deadline had passed, once committed. */
    void skipped(String type) {
        AfterCommit.run(transactions, () -> Counter.builder("sla.events.skipped").tag("type", type)
                .description("Warnings not sent because their deadline had passed when they fell due")
                .register(registry).increment());
    }

    /** Counts an emitted event once the current transaction commits; {@code lag} is null for fact-driven events. */
    public void emitted(String type, Duration lag) {
        AfterCommit.run(transactions, () -> {
            Counter.builder("sla.events.emitted").tag("type", type).register(registry).increment();
            if (lag != null) {
                firingLag.record(Math.max(0, lag.toNanos()) / 1e9);
            }
        });
    }

    @Scheduled(every = "${sla.metrics-refresh-interval:10s}")
    void refreshRunningCycles() {
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement q = c.prepareStatement("""
                     SELECT current_impact, calendar_id, count(*) FROM ticket WHERE cycle_running
                     GROUP BY current_impact, calendar_id""");
             ResultSet r = q.executeQuery()) {
            while (r.next()) {
                rows.add(MultiGauge.Row.of(Tags.of("impact", r.getString(1), "calendar", r.getString(2)),
                        r.getLong(3)));
            }
        } catch (SQLException e) {
            LOG.warnf("Cannot count running cycles: %s", e.getMessage());
            return;
        }
        running.register(rows, true);
    }
}
