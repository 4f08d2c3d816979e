package io.slaplatform.slaclock.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.agroal.api.AgroalDataSource;
import io.slaplatform.events.Impact;
import io.slaplatform.slaclock.calendar.BusinessCalendar;
import io.slaplatform.slaclock.cycle.SlaRules;
import io.slaplatform.slaclock.service.CalendarRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Optional;
import java.util.UUID;

/**
 * The current cycle of tickets as the SLA API and the lead board show them, from the {@code ticket} row's
 * {@code current_*} columns, as of a given instant.
 */
@ApplicationScoped
public class CycleViews {

    /** The {@code ticket} columns {@link #cycle} reads. */
    static final String COLUMNS = """
            request_id, calendar_id, current_cycle, current_impact, current_deadline, cycle_running, current_outcome,
            current_responded_at""";

    /**
     * A cycle as of now. {@code state}: RUNNING, BREACHED (running past its deadline), MET or LATE (answered at
     * {@code respondedAt}); UNGUARANTEED or ANSWERED for a cycle without a guaranteed response time (started by a
     * customer reply Enterprise support did not cover), which has no deadline. {@code remaining} is the business time left (for MET: that was left at the response),
     * {@code overdue} the business time past the deadline (for LATE: how late the response was). {@code warning},
     * for a RUNNING cycle only: whether it has used the first warning share of its target (by default 75%), i.e.
     * its {@code DeadlineApproaching} is due.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CycleView(UUID requestId, int cycle, String state, Impact impact, String calendar, Instant deadline,
                            String deadlineLocal, Instant respondedAt, Duration remaining, Duration overdue,
                            Boolean warning) {
    }

    private final AgroalDataSource dataSource;
    private final CalendarRegistry registry;

    CycleViews(AgroalDataSource dataSource, CalendarRegistry registry) {
        this.dataSource = dataSource;
        this.registry = registry;
    }

    /** The ticket's current cycle as of {@code now}; empty if it has none (unknown, pending, rejected). */
    public Optional<CycleView> current(UUID requestId, Instant now) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement q = c.prepareStatement("SELECT " + COLUMNS + " FROM ticket WHERE request_id = ?")) {
            q.setObject(1, requestId);
            try (ResultSet r = q.executeQuery()) {
                return r.next() && r.getObject("current_cycle") != null ? Optional.of(cycle(r, now))
                        : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the SLA of " + requestId, e);
        }
    }

    /**
     * The cycle of a ticket row (with {@link #COLUMNS}) as of {@code now}. Running: RUNNING with the business time
     * {@code remaining}, or BREACHED with the business time {@code overdue}. Answered: MET with the business time
     * that was left at the response, or LATE with how late it came. Without a deadline: UNGUARANTEED while it runs,
     * ANSWERED once answered.
     */
    CycleView cycle(ResultSet r, Instant now) throws SQLException {
        UUID requestId = r.getObject("request_id", UUID.class);
        int cycle = r.getInt("current_cycle");
        Impact impact = Impact.valueOf(r.getString("current_impact"));
        Timestamp responded = r.getTimestamp("current_responded_at");
        Instant respondedAt = responded == null ? null : responded.toInstant();
        BusinessCalendar calendar = calendarOf(r);
        String calendarId = calendar == null ? r.getString("calendar_id") : calendar.id();
        Timestamp deadlineColumn = r.getTimestamp("current_deadline");
        if (deadlineColumn == null) {
            String state = r.getBoolean("cycle_running") ? SlaResource.QueueState.UNGUARANTEED.name()
                    : SlaResource.QueueState.ANSWERED.name();
            return new CycleView(requestId, cycle, state, impact, calendarId, null, null, respondedAt, null, null, null);
        }
        Instant deadline = deadlineColumn.toInstant();
        String state;
        Duration remaining = null;
        Duration overdue = null;
        Boolean warning = null;
        if (r.getBoolean("cycle_running")) {
            boolean late = !now.isBefore(deadline);
            state = late ? SlaResource.QueueState.BREACHED.name() : SlaResource.QueueState.RUNNING.name();
            if (calendar != null) {
                remaining = late ? null : calendar.businessTimeBetween(now, deadline);
                overdue = late ? calendar.businessTimeBetween(deadline, now) : null;
                warning = late ? null : warned(calendar, impact, remaining);
            }
        } else {
            state = r.getString("current_outcome");
            if (calendar != null && respondedAt != null) {
                boolean late = SlaResource.QueueState.LATE.name().equals(state);
                remaining = late ? null : calendar.businessTimeBetween(respondedAt, deadline);
                overdue = late ? calendar.businessTimeBetween(deadline, respondedAt) : null;
            }
        }
        return new CycleView(requestId, cycle, state, impact, calendarId, deadline,
                calendar == null ? null : CalendarViews.local(calendar, deadline), respondedAt, remaining, overdue,
                warning);
    }

    /**
     * Whether a running cycle with {@code remaining} business time has reached its first warning: the planner
     * warns when the business time elapsed since the deadline's base reaches the share of the target, i.e. when at
     * most {@code (1 - share) * target} is left, whichever the reclassification policy.
     */
    private boolean warned(BusinessCalendar calendar, Impact impact, Duration remaining) {
        SlaRules rules = registry.rules(calendar);
        if (rules.warningShares().isEmpty()) {
            return false;
        }
        double first = Collections.min(rules.warningShares());
        long leftAtWarning = Math.round(rules.target(impact).toNanos() * (1 - first));
        return remaining.toNanos() <= leftAtWarning;
    }

    BusinessCalendar calendarOf(ResultSet r) throws SQLException {
        String id = r.getString("calendar_id");
        return id == null ? null : registry.calendar(id).orElse(null);
    }
}
