package io.slaplatform.slaclock.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.slaplatform.runtime.rest.ProblemException;
import io.slaplatform.runtime.rest.QueryParameters;
import io.slaplatform.runtime.security.Roles;
import io.slaplatform.slaclock.calendar.BusinessCalendar;
import io.slaplatform.slaclock.rest.CycleViews.CycleView;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The SLA of tickets: one ticket's current cycle with its audit trail, and the queue of current cycles by state
 * and deadline. Staff only: agents need the deadline of the ticket they work on, leads the queue.
 */
@Path("/sla")
@RolesAllowed({Roles.AGENT, Roles.LEAD})
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "SLA", description = "The SLA clock of tickets: one ticket's cycles and events, and the queue")
public class SlaResource {

    private final AgroalDataSource dataSource;
    private final CycleViews views;
    private final BoardFeed feed;
    private final Clock clock;
    private final ObjectMapper json;
    private final String notifierUrl;

    SlaResource(AgroalDataSource dataSource, CycleViews views, BoardFeed feed, Clock clock, ObjectMapper json,
                @ConfigProperty(name = "board.notifier-url") String notifierUrl) {
        this.dataSource = dataSource;
        this.views = views;
        this.feed = feed;
        this.clock = clock;
        this.json = json;
        this.notifierUrl = notifierUrl;
    }

    /**
     * An SLA event of the ticket: emitted ({@code emittedAt}), pending, i.e. a timer ({@code emittedAt} absent), or
     * skipped: settled at {@code emittedAt} without being sent, for the reason in {@code skipped} (a warning whose
     * deadline had passed, or of a cycle learned of after its instant; the deadline change of a reclassification
     * after the cycle breached).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record EventView(String key, String type, Instant dueAt, Instant emittedAt, String skipped,
                            JsonNode payload) {
    }

    /** A ticket's SLA: its decision, current cycle, and every SLA event planned or emitted, in due order. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TicketView(UUID requestId, String decision, Instant submittedAt, String calendar, String timeZone,
                             CycleView current, List<EventView> events) {
    }

    @GET
    @Path("{requestId}")
    @Operation(summary = "Reads a ticket's SLA",
            description = "The eligibility decision, the calendar, the current cycle as of now (state, deadline, "
                    + "business time remaining or overdue) and every SLA event emitted or pending, in due order.")
    @APIResponse(responseCode = "200", description = "The ticket's SLA")
    @APIResponse(responseCode = "404", description = "No ticket has this request id (not submitted, or not yet seen)")
    public TicketView ticket(@Parameter(description = "The request id") @PathParam("requestId") UUID requestId) {
        Instant now = clock.instant();
        try (Connection c = dataSource.getConnection();
             PreparedStatement q = c.prepareStatement("SELECT decision, submitted_at, " + CycleViews.COLUMNS
                     + " FROM ticket WHERE request_id = ?")) {
            q.setObject(1, requestId);
            try (ResultSet r = q.executeQuery()) {
                if (!r.next()) {
                    throw ProblemException.notFound("Ticket", requestId);
                }
                List<EventView> events = events(c, requestId);
                CycleView current = r.getObject("current_cycle") == null ? null : views.cycle(r, now);
                BusinessCalendar calendar = views.calendarOf(r);
                return new TicketView(requestId, r.getString("decision"), instant(r.getTimestamp("submitted_at")),
                        calendar == null ? null : calendar.id(), calendar == null ? null : calendar.zone().getId(),
                        current, events);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the SLA of " + requestId, e);
        }
    }

    /**
     * The queue as it changes, for the lead board: a {@code ready} event once connected, then one event per SLA
     * event (named after its type, e.g. {@code Breached}) with the ticket's current cycle; see {@link BoardFeed}.
     */
    @GET
    @Path("events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(summary = "Streams the queue's changes",
            description = "Server-sent events: 'ready' once connected, then one event per SLA event (ClockStarted, "
                    + "DeadlineChanged, DeadlineApproaching, Breached, ResponseDeadlineMet, ResponseLate, "
                    + "UnguaranteedCycleStarted, UnguaranteedCycleAnswered), named "
                    + "after it, whose data is {type, requestId, at, cycle} with the ticket's current cycle as GET "
                    + "/sla shows it. Live only: read the queue after connecting. A comment every 20 s keeps the "
                    + "connection open.")
    @APIResponse(responseCode = "200", description = "The stream (text/event-stream)")
    public void events(@Context SseEventSink sink, @Context Sse sse) {
        feed.connect(sink, sse);
    }

    /** What the lead board needs to know of the deployment. */
    public record BoardSettings(String notifierUrl) {
    }

    @GET
    @Path("settings")
    @Operation(summary = "Reads the lead board's settings",
            description = "notifierUrl: where the notifier's subscription API is (board.notifier-url), for the "
                    + "board's subscription page.")
    @APIResponse(responseCode = "200", description = "The settings")
    public BoardSettings settings() {
        return new BoardSettings(notifierUrl);
    }

    /** The states the queue can list; the default lists the open ones. */
    public enum QueueState {
        /** Running, deadline still ahead. */
        RUNNING("cycle_running AND current_deadline > ?"),
        /** Running past its deadline: breached and still unanswered. */
        BREACHED("cycle_running AND current_deadline <= ?"),
        /** Answered at or before the deadline. */
        MET("current_outcome = 'MET'"),
        /** Answered after the deadline. */
        LATE("current_outcome = 'LATE'"),
        /** Running without a guaranteed response time (a customer reply Enterprise support did not cover). */
        UNGUARANTEED("cycle_running AND current_deadline IS NULL"),
        /** Answered, without a guaranteed response time. */
        ANSWERED("current_outcome = 'ANSWERED'");

        /** Rows of this state; a {@code ?} stands for now. Each matches a partial index on the deadline. */
        final String condition;

        QueueState(String condition) {
            this.condition = condition;
        }
    }

    /** The queue's default: the cycles still waiting for support. */
    static final Set<QueueState> OPEN = EnumSet.of(QueueState.RUNNING, QueueState.BREACHED);

    /**
     * The current cycles of tickets in the given states ({@code state=BREACHED,LATE}: one or several of RUNNING,
     * BREACHED, MET, LATE, UNGUARANTEED and ANSWERED, comma-separated, any case; default RUNNING,BREACHED), by
     * deadline: soonest (or most overdue) first, or latest first with {@code sort=-deadline}, cycles without a
     * deadline (UNGUARANTEED, ANSWERED) last; at most {@code limit} (1 to 1000, default 100).
     */
    @GET
    @Operation(summary = "Lists the queue of current cycles",
            description = "The current cycles of tickets in the given states, by deadline: soonest (or most "
                    + "overdue) first, or latest first with sort=-deadline.")
    @APIResponse(responseCode = "200", description = "The cycles, in deadline order")
    public List<CycleView> queue(@Parameter(description = "RUNNING, BREACHED, MET, LATE, UNGUARANTEED and "
                                         + "ANSWERED, one or several, comma-separated, any case; default "
                                         + "RUNNING,BREACHED",
                                         example = "BREACHED,LATE")
                                 @QueryParam("state") List<String> state,
                                 @Parameter(description = "deadline (soonest first, the default) or -deadline",
                                         example = "deadline")
                                 @QueryParam("sort") String sort,
                                 @Parameter(description = "At most this many cycles, 1 to 1000; default 100",
                                         example = "100",
                                         schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "1000",
                                                 defaultValue = "100"))
                                 @QueryParam("limit") String limit) {
        Set<QueueState> states = states(state);
        boolean descending;
        if (sort == null || sort.isBlank() || sort.trim().equals("deadline")) {
            descending = false;
        } else if (sort.trim().equals("-deadline")) {
            descending = true;
        } else {
            throw ProblemException.invalidField("sort", "must be deadline (soonest first) or -deadline (latest first)");
        }
        int rows = QueryParameters.limit("limit", limit);
        // PostgreSQL keeps microseconds: compare with now as it will be stored, so the state computed below for a
        // row is the one its WHERE clause selected it for.
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        String order = descending ? " ORDER BY current_deadline DESC NULLS LAST, request_id DESC"
                : " ORDER BY current_deadline, request_id";
        // Running cycles are one range of ticket_running_by_deadline; otherwise every state is read apart, in
        // deadline order from its index and at most `rows` of it, and the few rows merged: bounded work whatever
        // the number of tickets.
        boolean allRunning = states.containsAll(OPEN);
        List<String> conditions = new ArrayList<>();
        if (allRunning) {
            conditions.add("cycle_running AND current_deadline IS NOT NULL");
        }
        for (QueueState s : states) {
            if (!(allRunning && OPEN.contains(s))) {
                conditions.add(s.condition);
            }
        }
        String sql;
        if (conditions.size() == 1) {
            sql = "SELECT " + CycleViews.COLUMNS + " FROM ticket WHERE " + conditions.get(0) + order + " LIMIT ?";
        } else {
            StringBuilder union = new StringBuilder("SELECT ").append(CycleViews.COLUMNS).append(" FROM (");
            for (int i = 0; i < conditions.size(); i++) {
                union.append(i == 0 ? "" : " UNION ALL ").append("(SELECT ").append(CycleViews.COLUMNS)
                        .append(" FROM ticket WHERE ").append(conditions.get(i)).append(order).append(" LIMIT ?)");
            }
            sql = union.append(") q").append(order).append(" LIMIT ?").toString();
        }
        List<CycleView> queue = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement q = c.prepareStatement(sql)) {
            int parameter = 1;
            for (String condition : conditions) {
                if (condition.contains("?")) {
                    q.setTimestamp(parameter++, Timestamp.from(now));
                }
                if (conditions.size() > 1) {
                    q.setInt(parameter++, rows);
                }
            }
            q.setInt(parameter, rows);
            try (ResultSet r = q.executeQuery()) {
                while (r.next()) {
                    queue.add(views.cycle(r, now));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the SLA queue", e);
        }
        return queue;
    }

    /** The {@code state} parameter: one value, comma-separated states; absent or blank means the open ones. */
    private static Set<QueueState> states(List<String> values) {
        String expected = "must be one or more of RUNNING, BREACHED, MET, LATE, UNGUARANTEED and ANSWERED, "
                + "comma-separated (state=BREACHED,LATE)";
        if (values == null || values.isEmpty() || values.size() == 1 && values.get(0).isBlank()) {
            return OPEN;
        }
        if (values.size() > 1) {
            throw ProblemException.invalidField("state", "is given once: " + expected);
        }
        Set<QueueState> states = EnumSet.noneOf(QueueState.class);
        for (String value : values.get(0).split(",", -1)) {
            try {
                states.add(QueueState.valueOf(value.trim().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw ProblemException.invalidField("state", expected);
            }
        }
        return states;
    }

    private List<EventView> events(Connection c, UUID requestId) throws SQLException {
        List<EventView> events = new ArrayList<>();
        try (PreparedStatement q = c.prepareStatement("""
                SELECT event_key, event_type, due_at, emitted_at, skipped, payload FROM sla_event
                WHERE request_id = ? ORDER BY due_at, event_key""")) {
            q.setObject(1, requestId);
            try (ResultSet r = q.executeQuery()) {
                while (r.next()) {
                    events.add(new EventView(r.getString(1), r.getString(2), instant(r.getTimestamp(3)),
                            instant(r.getTimestamp(4)), r.getString(5), readTree(r.getString(6))));
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
