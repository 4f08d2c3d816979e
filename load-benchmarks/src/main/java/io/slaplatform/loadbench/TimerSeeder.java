package io.slaplatform.loadbench;

import io.slaplatform.events.Breached;
import io.slaplatform.events.DeadlineApproaching;
import io.slaplatform.events.EventCodec;
import io.slaplatform.events.Impact;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * Writes SLA timers straight into sla-clock-service's schema, with COPY, as the service's planner leaves them for
 * a running CRITICAL cycle on the us-pacific calendar: a {@code ticket} row (accepted, cycle 1 running, its
 * deadline) and its {@code sla_event} rows keyed {@code c1/v0/warn/0.75} and {@code c1/breached}, with the
 * payloads the planner encodes. A pending row ({@code emitted_at} null) is a durable timer.
 */
final class TimerSeeder {

    private static final String CALENDAR = "us-pacific";
    private static final Impact IMPACT = Impact.CRITICAL;
    private static final Duration TARGET = Duration.ofHours(2);
    private static final double SHARE = 0.75;
    private static final int CHUNK = 25_000;

    private final String schema;

    TimerSeeder(String schema) {
        this.schema = schema;
    }

    /**
     * Seeds {@code tickets} running tickets whose warning and breach are both pending (two open timers each),
     * deadlines spread evenly over {@code [from, from + spread)}.
     */
    void seedOpen(int tickets, Instant from, Duration spread) throws SQLException {
        long stepNanos = spread.toNanos() / Math.max(1, tickets);
        for (int start = 0; start < tickets; start += CHUNK) {
            Map<UUID, Instant> chunk = new LinkedHashMap<>();
            for (int i = start; i < Math.min(tickets, start + CHUNK); i++) {
                chunk.put(UUID.randomUUID(), from.plusNanos(stepNanos * i).truncatedTo(ChronoUnit.MILLIS));
            }
            copy(chunk, false);
        }
        analyze();
    }

    /**
     * Seeds one running ticket per deadline, its warning already emitted and its breach pending at the deadline.
     *
     * @return the deadline of each ticket, by request id
     */
    Map<UUID, Instant> seedDue(List<Instant> deadlines) throws SQLException {
        Map<UUID, Instant> all = new LinkedHashMap<>();
        for (int start = 0; start < deadlines.size(); start += CHUNK) {
            Map<UUID, Instant> chunk = new LinkedHashMap<>();
            deadlines.subList(start, Math.min(deadlines.size(), start + CHUNK))
                    .forEach(deadline -> chunk.put(UUID.randomUUID(), deadline));
            copy(chunk, true);
            all.putAll(chunk);
        }
        return all;
    }

    /** Counts the pending timers (rows with no emission yet). */
    long pending() throws SQLException {
        try (Connection c = BenchStack.connect(schema); Statement s = c.createStatement();
             var rows = s.executeQuery("SELECT count(*) FROM sla_event WHERE emitted_at IS NULL")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private void copy(Map<UUID, Instant> deadlines, boolean warningEmitted) throws SQLException {
        StringBuilder tickets = new StringBuilder();
        StringBuilder events = new StringBuilder();
        deadlines.forEach((id, deadline) -> {
            Instant submitted = deadline.minus(TARGET);
            Instant warnAt = submitted.plus(Duration.ofNanos((long) (TARGET.toNanos() * SHARE)));
            tickets.append(id).append(',').append(submitted).append(',').append(IMPACT).append(",US,ACCEPTED,US,")
                    .append(CALENDAR).append(",1,").append(IMPACT).append(',').append(deadline).append(",true\n");
            String warning = EventCodec.encode(new DeadlineApproaching(id, 1, IMPACT, CALENDAR, SHARE,
                    Duration.between(warnAt, deadline), deadline, warnAt));
            events.append(id).append(",c1/v0/warn/0.75,").append(warnAt).append(",DeadlineApproaching,")
                    .append(csv(warning)).append(',').append(warningEmitted ? warnAt.toString() : "").append('\n');
            String breach = EventCodec.encode(new Breached(id, 1, IMPACT, CALENDAR, deadline));
            events.append(id).append(",c1/breached,").append(deadline).append(",Breached,").append(csv(breach))
                    .append(",\n");
        });
        try (Connection c = BenchStack.connect(schema)) {
            CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
            copy.copyIn("""
                    COPY ticket (request_id, submitted_at, initial_impact, request_country, decision, customer_country,
                                 calendar_id, current_cycle, current_impact, current_deadline, cycle_running)
                    FROM STDIN (FORMAT csv)""", new StringReader(tickets.toString()));
            copy.copyIn("COPY sla_event (request_id, event_key, due_at, event_type, payload, emitted_at) "
                    + "FROM STDIN (FORMAT csv)", new StringReader(events.toString()));
        } catch (java.io.IOException e) {
            throw new SQLException("COPY failed", e);
        }
    }

    private void analyze() throws SQLException {
        try (Connection c = BenchStack.connect(schema); Statement s = c.createStatement()) {
            s.execute("ANALYZE ticket");
            s.execute("ANALYZE sla_event");
        }
    }

    private static String csv(String value) {
        return '"' + value.replace("\"", "\"\"") + '"';
    }
}
