package io.slaplatform.slaclock.service;

import io.slaplatform.events.EventCodec;
import io.slaplatform.events.Impact;
import io.slaplatform.slaclock.cycle.CyclePlanner;
import io.slaplatform.slaclock.cycle.CycleSummary;
import io.slaplatform.slaclock.cycle.PlannedEvent;
import io.slaplatform.slaclock.cycle.SlaFact;
import io.slaplatform.slaclock.cycle.SlaRules;
import io.slaplatform.slaclock.cycle.TestRules;
import io.slaplatform.testkit.PostgresSchemas;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationVersion;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * V5 fills {@code sla_cycle} for tickets the clock planned before it existed, from their SLA events and the
 * ticket's current cycle: the rows must be the cycles {@link CycleSummary#all} computes from the same plan, as the
 * service keeps them from then on.
 */
class SlaCycleMigrationTest {

    private static final Instant T10 = Instant.parse("2026-10-05T10:00:00Z");
    private static final SlaRules RULES = TestRules.ALWAYS_OPEN;

    @Test
    void cyclesOfTicketsPlannedBeforeV5AreFilledFromTheirEvents() throws SQLException {
        String schema = PostgresSchemas.newSchemaName("slacycle");
        try {
            flyway(schema, MigrationVersion.fromVersion("4")).migrate();
            // met, then a reply and a reclassified second cycle still running
            UUID twoCycles = UUID.randomUUID();
            List<PlannedEvent> twoCyclesPlan = CyclePlanner.plan(twoCycles, T10, Impact.MAJOR, List.of(
                    new SlaFact.Response(UUID.randomUUID(), T10.plusSeconds(3600), false),
                    new SlaFact.Reply(UUID.randomUUID(), T10.plusSeconds(2 * 3600)),
                    new SlaFact.Reclassification(UUID.randomUUID(), T10.plusSeconds(2 * 3600 + 60), Impact.CRITICAL)),
                    RULES);
            // breached, lowered after the breach, answered late; the customer's reply starts a second cycle
            UUID late = UUID.randomUUID();
            List<PlannedEvent> latePlan = CyclePlanner.plan(late, T10, Impact.CRITICAL, List.of(
                    new SlaFact.Reclassification(UUID.randomUUID(), T10.plusSeconds(3 * 3600), Impact.LIMITED),
                    new SlaFact.Response(UUID.randomUUID(), T10.plusSeconds(4 * 3600), false),
                    new SlaFact.Reply(UUID.randomUUID(), T10.plusSeconds(5 * 3600))), RULES);
            // still running, past its deadline
            UUID breached = UUID.randomUUID();
            List<PlannedEvent> breachedPlan = CyclePlanner.plan(breached, T10, Impact.MODERATE, List.of(), RULES);
            try (Connection c = connection(schema)) {
                storeAsBeforeV5(c, twoCycles, twoCyclesPlan);
                storeAsBeforeV5(c, late, latePlan);
                storeAsBeforeV5(c, breached, breachedPlan);
            }

            flyway(schema, MigrationVersion.LATEST).migrate();

            try (Connection c = connection(schema)) {
                assertThat(cycles(c, twoCycles)).isEqualTo(CycleSummary.all(twoCyclesPlan)).hasSize(2);
                assertThat(cycles(c, late)).isEqualTo(CycleSummary.all(latePlan)).hasSize(2);
                assertThat(cycles(c, breached)).isEqualTo(CycleSummary.all(breachedPlan)).hasSize(1);
            }
        } finally {
            PostgresSchemas.drop(schema);
        }
    }

    /** What the service stored before V5: the ticket with its current cycle, and every planned event as emitted. */
    private static void storeAsBeforeV5(Connection c, UUID id, List<PlannedEvent> plan) throws SQLException {
        CycleSummary current = CycleSummary.latest(plan).orElseThrow();
        try (PreparedStatement ticket = c.prepareStatement("""
                INSERT INTO ticket (request_id, submitted_at, initial_impact, request_country, decision,
                                    customer_country, calendar_id, current_cycle, current_impact, current_deadline,
                                    cycle_running, current_outcome, current_responded_at)
                VALUES (?, ?, 'MAJOR', 'IS', 'ACCEPTED', 'IS', ?, ?, ?, ?, ?, ?, ?)""")) {
            ticket.setObject(1, id);
            ticket.setTimestamp(2, Timestamp.from(T10));
            ticket.setString(3, RULES.calendar().id());
            ticket.setInt(4, current.cycle());
            ticket.setString(5, current.impact().name());
            ticket.setTimestamp(6, Timestamp.from(current.deadline()));
            ticket.setBoolean(7, current.running());
            ticket.setString(8, current.outcome() == null ? null : current.outcome().name());
            ticket.setTimestamp(9, current.respondedAt() == null ? null : Timestamp.from(current.respondedAt()));
            ticket.executeUpdate();
        }
        // only what was emitted: the events today's planner skips (here the reclassification after the breach, which
        // no longer moves the breached deadline) did not exist before V6
        for (PlannedEvent event : plan.stream().filter(PlannedEvent::emits).toList()) {
            try (PreparedStatement insert = c.prepareStatement("""
                    INSERT INTO sla_event (request_id, event_key, due_at, event_type, payload, emitted_at)
                    VALUES (?, ?, ?, ?, ?, ?)""")) {
                insert.setObject(1, id);
                insert.setString(2, event.key());
                insert.setTimestamp(3, Timestamp.from(event.dueAt()));
                insert.setString(4, event.event().type().ceType());
                insert.setString(5, EventCodec.encode(event.event()));
                insert.setTimestamp(6, Timestamp.from(event.dueAt()));
                insert.executeUpdate();
            }
        }
    }

    private static List<CycleSummary> cycles(Connection c, UUID id) throws SQLException {
        List<CycleSummary> cycles = new ArrayList<>();
        try (PreparedStatement q = c.prepareStatement("""
                SELECT cycle, started_at, impact, deadline, outcome, responded_at, calendar_id FROM sla_cycle
                WHERE request_id = ? ORDER BY cycle""")) {
            q.setObject(1, id);
            try (ResultSet r = q.executeQuery()) {
                while (r.next()) {
                    assertThat(r.getString(7)).isEqualTo(RULES.calendar().id());
                    Timestamp responded = r.getTimestamp(6);
                    cycles.add(new CycleSummary(r.getInt(1), r.getTimestamp(2).toInstant(),
                            Impact.valueOf(r.getString(3)), r.getTimestamp(4).toInstant(),
                            r.getString(5) == null ? null : CycleSummary.Outcome.valueOf(r.getString(5)),
                            responded == null ? null : responded.toInstant()));
                }
            }
        }
        return cycles;
    }

    private static Connection connection(String schema) throws SQLException {
        Connection c = DriverManager.getConnection(PostgresSchemas.url(), PostgresSchemas.user(),
                PostgresSchemas.password());
        try (var statement = c.createStatement()) {
            statement.execute("SET search_path TO " + schema);
        }
        return c;
    }

    private static Flyway flyway(String schema, MigrationVersion target) {
        return Flyway.configure()
                .dataSource(PostgresSchemas.url(), PostgresSchemas.user(), PostgresSchemas.password())
                .schemas(schema)
                .locations("db/platform", "db/migration")
                .target(target)
                .load();
    }
}
