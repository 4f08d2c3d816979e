package io.slaplatform.slaclock.service;

import io.agroal.api.AgroalDataSource;
import io.slaplatform.events.Breached;
import io.slaplatform.events.DeadlineApproaching;
import io.slaplatform.events.EventCodec;
import io.slaplatform.events.Impact;
import io.slaplatform.events.RequestAccepted;
import io.slaplatform.events.RequestRejected;
import io.slaplatform.events.RejectionReason;
import io.slaplatform.events.ReplyCovered;
import io.slaplatform.events.ReplyNotCovered;
import io.slaplatform.events.RequestSubmitted;
import io.slaplatform.runtime.outbox.Outbox;
import io.slaplatform.runtime.tracing.TraceContext;
import io.slaplatform.runtime.tx.AfterCommit;
import io.slaplatform.slaclock.calendar.BusinessCalendar;
import io.slaplatform.slaclock.cycle.CyclePlanner;
import io.slaplatform.slaclock.cycle.CycleSummary;
import io.slaplatform.slaclock.cycle.PlannedEvent;
import io.slaplatform.slaclock.cycle.SlaFact;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Keeps each ticket's SLA events in step with what is known of it. Every input (submission, decision, response,
 * reply, reclassification) is stored, then the ticket is re-planned with the {@link CyclePlanner} and reconciled:
 * a planned event that is due and not yet emitted is emitted now through the outbox; one due later is a pending
 * row of {@code sla_event}, a durable timer fired by {@link SlaTimers}; a pending row the plan no longer has is
 * dropped. Warnings and breaches are never emitted here, even when already due (a decision learned after the
 * deadline): they go through the timers, which wait until the clock's inputs have caught up with their due
 * instant, and so do the ticket's later due events, so that the ticket's events keep their order on Kafka. An
 * event the plan marks skipped is recorded as settled, with its reason, and never emitted. Emission is conditional
 * on the row not being emitted yet, in the same transaction as the outbox record, so no event is emitted twice,
 * whatever runs concurrently. The ticket row lock serialises a ticket's
 * inputs.
 */
@ApplicationScoped
public class SlaClockService {

    private static final Logger LOG = Logger.getLogger(SlaClockService.class);

    /** Kinds of {@code ticket_fact} rows. */
    public enum FactKind { RESPONSE, RESOLUTION, REPLY, RECLASSIFICATION }

    private final AgroalDataSource dataSource;
    private final Outbox outbox;
    private final CalendarRegistry registry;
    private final Clock clock;
    private final SlaMetrics metrics;
    private final TraceContext traces;
    private final SlaTimers timers;
    private final TransactionSynchronizationRegistry transactions;

    SlaClockService(AgroalDataSource dataSource, Outbox outbox, CalendarRegistry registry, Clock clock,
                    SlaMetrics metrics, TraceContext traces, SlaTimers timers,
                    TransactionSynchronizationRegistry transactions) {
        this.traces = traces;
        this.timers = timers;
        this.transactions = transactions;
        this.dataSource = dataSource;
        this.outbox = outbox;
        this.registry = registry;
        this.clock = clock;
        this.metrics = metrics;
    }

    /**
     * @param partition the partition of {@code support.requests} the event came from; {@code null} when unknown
     *                  (a replayed parked event)
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void submitted(RequestSubmitted request, Integer partition) {
        withLockedTicket(request.requestId(), Input.REQUESTS, partition, c -> update(c, """
                UPDATE ticket SET submitted_at = ?, initial_impact = ?, request_country = ?
                WHERE request_id = ? AND submitted_at IS NULL""",
                Timestamp.from(request.submittedAt()), request.impact().name(), request.country(), request.requestId()));
    }

    /** @param partition the partition of {@code support.eligibility} the decision came from; {@code null}: unknown */
    @Transactional(Transactional.TxType.MANDATORY)
    public void accepted(RequestAccepted decision, Integer partition) {
        BusinessCalendar calendar = registry.calendarForCountry(decision.customerCountry()).orElseThrow(() ->
                new IllegalStateException("No calendar for country " + decision.customerCountry()));
        withLockedTicket(decision.requestId(), Input.DECISIONS, partition, c -> update(c, """
                UPDATE ticket SET decision = 'ACCEPTED', customer_country = ?, calendar_id = ?, decided_at = ?
                WHERE request_id = ? AND decision = 'PENDING'""",
                decision.customerCountry(), calendar.id(), Timestamp.from(decision.decidedAt()),
                decision.requestId()));
    }

    /** @param partition the partition of {@code support.eligibility} the decision came from; {@code null}: unknown */
    @Transactional(Transactional.TxType.MANDATORY)
    public void rejected(RequestRejected decision, Integer partition) {
        withLockedTicket(decision.requestId(), Input.DECISIONS, partition, c -> update(c,
                "UPDATE ticket SET decision = 'REJECTED' WHERE request_id = ? AND decision = 'PENDING'",
                decision.requestId()));
    }

    /**
     * Records eligibility's decision on whether Enterprise support covered a customer reply: a cycle the reply starts
     * is guaranteed or not. The reply's fact is created here if its {@code CustomerReplied} has not arrived yet.
     *
     * @param partition the partition of {@code support.eligibility} the decision came from; {@code null}: unknown
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void replyCovered(ReplyCovered decision, Integer partition) {
        replyCoverage(decision.requestId(), decision.replyId(), decision.repliedAt(), "COVERED", null,
                decision.decidedAt(), partition);
    }

    /** @see #replyCovered */
    @Transactional(Transactional.TxType.MANDATORY)
    public void replyNotCovered(ReplyNotCovered decision, Integer partition) {
        replyCoverage(decision.requestId(), decision.replyId(), decision.repliedAt(), "NOT_COVERED",
                decision.reason(), decision.decidedAt(), partition);
    }

    private void replyCoverage(UUID requestId, UUID replyId, Instant repliedAt, String coverage,
                               RejectionReason reason, Instant decidedAt, Integer partition) {
        if (coverage.equals("NOT_COVERED") && reason == null) {
            throw new IllegalArgumentException("ReplyNotCovered of reply " + replyId + " without a reason");
        }
        withLockedTicket(requestId, Input.DECISIONS, partition, c -> update(c, """
                INSERT INTO ticket_fact (fact_id, request_id, kind, occurred_at, coverage, coverage_decided_at,
                                         coverage_reason)
                VALUES (?, ?, 'REPLY', ?, ?, ?, ?)
                ON CONFLICT (fact_id) DO UPDATE
                SET coverage = EXCLUDED.coverage, coverage_decided_at = EXCLUDED.coverage_decided_at,
                    coverage_reason = EXCLUDED.coverage_reason
                WHERE ticket_fact.coverage IS NULL""",
                replyId, requestId, Timestamp.from(repliedAt), coverage, Timestamp.from(decidedAt),
                reason == null ? null : reason.name()));
    }

    /**
     * Records a lifecycle fact (a response, reply or reclassification) and re-plans the ticket. A reply's coverage
     * comes from eligibility ({@link #replyCovered}); until then a cycle it would start waits.
     *
     * @param partition the partition of {@code support.requests} the fact came from; {@code null}: unknown
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void fact(UUID requestId, UUID factId, FactKind kind, Instant at, Impact newImpact, Integer partition) {
        withLockedTicket(requestId, Input.REQUESTS, partition, c -> update(c, """
                INSERT INTO ticket_fact (fact_id, request_id, kind, occurred_at, new_impact) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (fact_id) DO NOTHING""",
                factId, requestId, kind.name(), Timestamp.from(at), newImpact == null ? null : newImpact.name()));
    }

    private interface TicketChange {
        void apply(Connection connection) throws SQLException;
    }

    /** The input topics, with the ticket column that keeps the partition a ticket's records come from. */
    private enum Input {
        REQUESTS("requests_partition"), DECISIONS("eligibility_partition");

        final String column;

        Input(String column) {
            this.column = column;
        }
    }

    private void withLockedTicket(UUID requestId, Input input, Integer partition, TicketChange change) {
        try (Connection c = dataSource.getConnection()) {
            if (partition == null) {
                update(c, "INSERT INTO ticket (request_id) VALUES (?) ON CONFLICT (request_id) DO NOTHING", requestId);
            } else {
                // where the ticket's records come from, for the timers' watermark gate
                update(c, "INSERT INTO ticket (request_id, " + input.column + ") VALUES (?, ?) "
                        + "ON CONFLICT (request_id) DO UPDATE SET " + input.column + " = EXCLUDED." + input.column
                        + " WHERE ticket." + input.column + " IS DISTINCT FROM EXCLUDED." + input.column,
                        requestId, partition);
            }
            lock(c, requestId);
            change.apply(c);
            reconcile(c, requestId, clock.instant());
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot update the SLA clock of request " + requestId, e);
        }
    }

    private static void lock(Connection c, UUID requestId) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT 1 FROM ticket WHERE request_id = ? FOR UPDATE")) {
            q.setObject(1, requestId);
            q.executeQuery().close();
        }
    }

    private void reconcile(Connection c, UUID requestId, Instant now) throws SQLException {
        Instant submittedAt;
        Impact impact;
        String calendarId;
        Instant decidedAt;
        try (PreparedStatement q = c.prepareStatement("""
                SELECT submitted_at, initial_impact, decision, calendar_id, decided_at FROM ticket
                WHERE request_id = ?""")) {
            q.setObject(1, requestId);
            try (ResultSet r = q.executeQuery()) {
                r.next();
                if (r.getTimestamp(1) == null || !"ACCEPTED".equals(r.getString(3))) {
                    return; // not yet both submitted and accepted, or rejected: no clock
                }
                submittedAt = r.getTimestamp(1).toInstant();
                impact = Impact.valueOf(r.getString(2));
                calendarId = r.getString(4);
                decidedAt = r.getTimestamp(5) == null ? null : r.getTimestamp(5).toInstant();
            }
        }
        BusinessCalendar calendar = registry.calendar(calendarId).orElseThrow(() ->
                new IllegalStateException("Calendar " + calendarId + " of request " + requestId + " is no longer configured"));
        List<PlannedEvent> plan = CyclePlanner.plan(requestId, submittedAt, impact, facts(c, requestId),
                registry.rules(calendar), decidedAt);

        List<CycleSummary> cycles = CycleSummary.all(plan); // an accepted ticket always has cycle 1
        CycleSummary current = cycles.get(cycles.size() - 1);
        update(c, """
                UPDATE ticket SET current_cycle = ?, current_impact = ?, current_deadline = ?, cycle_running = ?,
                                  current_outcome = ?, current_responded_at = ?
                WHERE request_id = ?""", current.cycle(), current.impact().name(),
                current.deadline() == null ? null : Timestamp.from(current.deadline()), current.running(),
                current.outcome() == null ? null : current.outcome().name(),
                current.respondedAt() == null ? null : Timestamp.from(current.respondedAt()), requestId);
        for (CycleSummary cycle : cycles) {
            update(c, """
                    INSERT INTO sla_cycle (request_id, cycle, calendar_id, impact, started_at, deadline, outcome,
                                           responded_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (request_id, cycle) DO UPDATE
                    SET impact = EXCLUDED.impact, deadline = EXCLUDED.deadline, outcome = EXCLUDED.outcome,
                        responded_at = EXCLUDED.responded_at
                    WHERE (sla_cycle.impact, sla_cycle.deadline, sla_cycle.outcome, sla_cycle.responded_at)
                          IS DISTINCT FROM (EXCLUDED.impact, EXCLUDED.deadline, EXCLUDED.outcome,
                                            EXCLUDED.responded_at)""",
                    requestId, cycle.cycle(), calendar.id(), cycle.impact().name(), Timestamp.from(cycle.startedAt()),
                    cycle.deadline() == null ? null : Timestamp.from(cycle.deadline()),
                    cycle.outcome() == null ? null : cycle.outcome().name(),
                    cycle.respondedAt() == null ? null : Timestamp.from(cycle.respondedAt()));
        }

        Set<String> planned = new HashSet<>();
        // A timer remembers the trace of the input that planned it, so that its warning or breach continues it.
        Optional<TraceContext.Carried> trace = traces.current();
        String traceParent = trace.map(TraceContext.Carried::traceParent).orElse(null);
        String traceState = trace.map(TraceContext.Carried::traceState).orElse(null);
        Instant earliestTimer = null;
        boolean deferring = false; // a due warning or breach waits for the timers: so do the due events after it
        for (PlannedEvent event : plan) {
            planned.add(event.key());
            boolean due = !event.dueAt().isAfter(now);
            boolean timer = event.event() instanceof DeadlineApproaching || event.event() instanceof Breached;
            boolean emitNow = event.emits() && due && !timer && !deferring;
            boolean settled = emitNow || !event.emits();
            int changed = update(c, """
                    INSERT INTO sla_event (request_id, event_key, due_at, event_type, payload, emitted_at,
                                           trace_parent, trace_state, skipped)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (request_id, event_key) DO UPDATE
                    SET due_at = EXCLUDED.due_at, event_type = EXCLUDED.event_type, payload = EXCLUDED.payload,
                        emitted_at = EXCLUDED.emitted_at, trace_parent = EXCLUDED.trace_parent,
                        trace_state = EXCLUDED.trace_state, skipped = EXCLUDED.skipped
                    WHERE sla_event.emitted_at IS NULL""",
                    requestId, event.key(), Timestamp.from(event.dueAt()), event.event().type().ceType(),
                    EventCodec.encode(event.event()), settled ? Timestamp.from(now) : null, traceParent, traceState,
                    event.skipped());
            if (changed == 0) {
                continue; // settled before
            }
            if (emitNow) {
                outbox.record(event.event());
                metrics.emitted(event.event().type().ceType(), null);
            } else if (!settled) {
                deferring |= due;
                if (earliestTimer == null || event.dueAt().isBefore(earliestTimer)) {
                    earliestTimer = event.dueAt();
                }
            }
        }
        if (earliestTimer != null) {
            // a timer due before the poller's next look (e.g. a deadline moved closer) must not wait for it
            Instant wakeBy = earliestTimer;
            AfterCommit.run(transactions, () -> timers.wakeBy(wakeBy));
        }
        // Timers the facts have made moot (a response before the deadline, a moved deadline) are dropped.
        try (PreparedStatement delete = c.prepareStatement(
                "DELETE FROM sla_event WHERE request_id = ? AND emitted_at IS NULL AND NOT (event_key = ANY (?))")) {
            delete.setObject(1, requestId);
            delete.setArray(2, c.createArrayOf("varchar", planned.toArray()));
            int dropped = delete.executeUpdate();
            if (dropped > 0) {
                LOG.debugf("Request %s: %d pending SLA events no longer apply", requestId, dropped);
            }
        }
    }

    private static List<SlaFact> facts(Connection c, UUID requestId) throws SQLException {
        List<SlaFact> facts = new ArrayList<>();
        try (PreparedStatement q = c.prepareStatement(
                "SELECT fact_id, kind, occurred_at, new_impact, coverage, coverage_decided_at, coverage_reason "
                        + "FROM ticket_fact WHERE request_id = ?")) {
            q.setObject(1, requestId);
            try (ResultSet r = q.executeQuery()) {
                while (r.next()) {
                    UUID id = r.getObject(1, UUID.class);
                    Instant at = r.getTimestamp(3).toInstant();
                    switch (FactKind.valueOf(r.getString(2))) {
                        case RESPONSE -> facts.add(new SlaFact.Response(id, at, false));
                        case RESOLUTION -> facts.add(new SlaFact.Response(id, at, true));
                        case REPLY -> facts.add(reply(id, at, r));
                        case RECLASSIFICATION -> facts.add(new SlaFact.Reclassification(id, at,
                                Impact.valueOf(r.getString(4))));
                    }
                }
            }
        }
        return facts;
    }

    private static SlaFact.Reply reply(UUID id, Instant at, ResultSet r) throws SQLException {
        String coverage = r.getString(5);
        Timestamp decidedAt = r.getTimestamp(6);
        String reason = r.getString(7);
        return new SlaFact.Reply(id, at, coverage == null ? SlaFact.Coverage.PENDING : SlaFact.Coverage.valueOf(coverage),
                decidedAt == null ? null : decidedAt.toInstant(), reason == null ? null : RejectionReason.valueOf(reason));
    }

    private static int update(Connection c, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement statement = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            return statement.executeUpdate();
        }
    }
}
