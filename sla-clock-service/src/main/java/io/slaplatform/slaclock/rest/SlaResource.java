package io.slaplatform.slaclock.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.slaplatform.events.Impact;
import io.slaplatform.runtime.rest.ProblemException;
import io.slaplatform.slaclock.calendar.BusinessCalendar;
import io.slaplatform.slaclock.service.CalendarRegistry;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The SLA of tickets: one ticket's current cycle with its audit trail, and the queue of running cycles by
 * deadline. (Access control comes with the security issue: these are for support leads.)
 */
@Path("/sla")
@Produces(MediaType.APPLICATION_JSON)
public class SlaResource {

    private final AgroalDataSource dataSource;
    private final CalendarRegistry registry;
    private final Clock clock;
    private final ObjectMapper json;

    SlaResource(AgroalDataSource dataSource, CalendarRegistry registry, Clock clock, ObjectMapper json) {
        this.dataSource = dataSource;
        this.registry = registry;
        this.clock = clock;
        this.json = json;
    }

    /**
     * A cycle as of now. {@code state}: RUNNING, BREACHED (running past its deadline), MET or LATE (answered).
     * {@code remaining} is the business time left, {@code overdue} the business time past the deadline.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CycleView(UUID requestId, int cycle, String state, Impact impact, String calendar, Instant deadline,
                            String deadlineLocal, Duration remaining, Duration overdue) {
    }

    /** An SLA event of the ticket: emitted ({@code emittedAt}) or pending, i.e. a timer ({@code emittedAt} absent). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record EventView(String key, String type, Instant dueAt, Instant emittedAt, JsonNode payload) {
    }

    /** A ticket's SLA: its decision, current cycle, and every SLA event planned or emitted, in due order. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TicketView(UUID requestId, String decision, Instant submittedAt, String calendar, String timeZone,
                             CycleView current, List<EventView> events) {
    }

    @GET
    @Path("{requestId}")
    public TicketView ticket(@PathParam("requestId") UUID requestId) {
        Instant now = clock.instant();
        try (Connection c = dataSource.getConnection();
             PreparedStatement q = c.prepareStatement("""
                     SELECT request_id, decision, submitted_at, calendar_id, current_cycle, current_impact,
                            current_deadline, cycle_running FROM ticket WHERE request_id = ?""")) {
            q.setObject(1, requestId);
            try (ResultSet r = q.executeQuery()) {
                if (!r.next()) {
                    throw ProblemException.notFound("Ticket", requestId);
                }
                List<EventView> events = events(c, requestId);
                CycleView current = r.getObject("current_cycle") == null ? null : cycle(r, events, now);
                BusinessCalendar calendar = calendarOf(r);
                return new TicketView(requestId, r.getString("decision"), instant(r.getTimestamp("submitted_at")),
                        calendar == null ? null : calendar.id(), calendar == null ? null : calendar.zone().getId(),
                        current, events);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the SLA of " + requestId, e);
        }
    }

    /** Running cycles, soonest deadline first (overdue ones first of all). */
    @GET
    public List<CycleView> queue(@QueryParam("state") String state, @QueryParam("sort") String sort,
                                 @QueryParam("limit") Integer limit) {
        if (state != null && !state.equals("RUNNING")) {
            throw ProblemException.invalidField("state", "only RUNNING is supported");
        }
        if (sort != null && !sort.equals("deadline")) {
            throw ProblemException.invalidField("sort", "only deadline is supported");
        }
        int rows = limit == null ? 100 : limit;
        if (rows < 1 || rows > 1000) {
            throw ProblemException.invalidField("limit", "must be between 1 and 1000");
        }
        Instant now = clock.instant();
        List<CycleView> queue = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement q = c.prepareStatement("""
                     SELECT request_id, calendar_id, current_cycle, current_impact, current_deadline, cycle_running
                     FROM ticket WHERE cycle_running ORDER BY current_deadline LIMIT ?""")) {
            q.setInt(1, rows);
            try (ResultSet r = q.executeQuery()) {
                while (r.next()) {
                    queue.add(cycle(r, List.of(), now));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the SLA queue", e);
        }
        return queue;
    }

    private CycleView cycle(ResultSet r, List<EventView> events, Instant now) throws SQLException {
        UUID requestId = r.getObject("request_id", UUID.class);
        int cycle = r.getInt("current_cycle");
        Instant deadline = r.getTimestamp("current_deadline").toInstant();
        BusinessCalendar calendar = calendarOf(r);
        String state;
        Duration remaining = null;
        Duration overdue = null;
        if (r.getBoolean("cycle_running")) {
            boolean late = !now.isBefore(deadline);
            state = late ? "BREACHED" : "RUNNING";
            if (calendar != null) {
                remaining = late ? null : calendar.businessTimeBetween(now, deadline);
                overdue = late ? calendar.businessTimeBetween(deadline, now) : null;
            }
        } else {
            String respondedKey = "c" + cycle + "/responded";
            state = events.stream().filter(e -> e.key().equals(respondedKey)).findFirst()
                    .map(e -> e.type().equals("ResponseLate") ? "LATE" : "MET").orElse("ANSWERED");
        }
        return new CycleView(requestId, cycle, state, Impact.valueOf(r.getString("current_impact")),
                calendar == null ? r.getString("calendar_id") : calendar.id(), deadline,
                calendar == null ? null : CalendarViews.local(calendar, deadline), remaining, overdue);
    }

    private BusinessCalendar calendarOf(ResultSet r) throws SQLException {
        String id = r.getString("calendar_id");
        return id == null ? null : registry.calendar(id).orElse(null);
    }

    private List<EventView> events(Connection c, UUID requestId) throws SQLException {
        List<EventView> events = new ArrayList<>();
        try (PreparedStatement q = c.prepareStatement("""
                SELECT event_key, event_type, due_at, emitted_at, payload FROM sla_event
                WHERE request_id = ? ORDER BY due_at, event_key""")) {
            q.setObject(1, requestId);
            try (ResultSet r = q.executeQuery()) {
                while (r.next()) {
                    events.add(new EventView(r.getString(1), r.getString(2), instant(r.getTimestamp(3)),
                            instant(r.getTimestamp(4)), readTree(r.getString(5))));
                }
            }
        }
        return events;
    }

    private JsonNode readTree(String payload) {
        try {
            return json.readTree(payload);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("Stored SLA event is not JSON", e);
        }
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
