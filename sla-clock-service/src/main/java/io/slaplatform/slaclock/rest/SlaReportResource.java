package io.slaplatform.slaclock.rest;

import io.agroal.api.AgroalDataSource;
import io.slaplatform.events.Impact;
import io.slaplatform.runtime.rest.ProblemException;
import io.slaplatform.runtime.rest.QueryParameters;
import io.slaplatform.runtime.security.Roles;
import io.slaplatform.slaclock.cycle.CycleSummary.Outcome;
import io.slaplatform.slaclock.report.Attainment;
import io.slaplatform.slaclock.report.CycleRecord;
import io.slaplatform.slaclock.service.CalendarRegistry;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
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
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * SLA attainment reports for support leads and managers ({@link Attainment}): JSON for the board's report page
 * and for tools, CSV ({@code Accept: text/csv}) for spreadsheets. Months are {@code yyyy-MM}, a cycle's month the
 * one it started in on its calendar's wall clock; by default the current month (UTC) and the two before.
 */
@Path("/sla/reports")
@RolesAllowed(Roles.LEAD)
@Tag(name = "SLA reports", description = "Attainment of the response-time SLA by month, impact and calendar")
public class SlaReportResource {

    /** The longest range one report covers. */
    static final int MAX_MONTHS = 24;
    static final String CSV = "text/csv";
    private static final String FROM = "The first month, yyyy-MM; default two months before to";
    private static final String TO = "The last month, yyyy-MM; default the current month (UTC)";

    private final AgroalDataSource dataSource;
    private final CalendarRegistry registry;
    private final Clock clock;

    SlaReportResource(AgroalDataSource dataSource, CalendarRegistry registry, Clock clock) {
        this.dataSource = dataSource;
        this.registry = registry;
        this.clock = clock;
    }

    @GET
    @Path("attainment")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Reports SLA attainment",
            description = "For the cycles started from the first to the last month: cycles, met, missed (answered "
                    + "late, or breached and unanswered), open (deadline ahead), attainment = met / (met + missed), "
                    + "and the median and 90th percentile business time to support's response; in total, by month, "
                    + "by impact, by calendar, and per month, calendar and impact (rows). Also as CSV.")
    @APIResponse(responseCode = "200", description = "The report")
    public Attainment.Report attainment(@Parameter(description = FROM, example = "2026-09") @QueryParam("from") String from,
                                        @Parameter(description = TO, example = "2026-11") @QueryParam("to") String to) {
        return attainmentOf(from, to).report();
    }

    @GET
    @Path("attainment")
    @Produces(CSV)
    @Operation(summary = "Reports SLA attainment as CSV",
            description = "One line per month, calendar and impact (the JSON report's rows); response times in "
                    + "business minutes, attainment as a fraction.")
    @APIResponse(responseCode = "200", description = "The report")
    public String attainmentCsv(@Parameter(description = FROM) @QueryParam("from") String from,
                                @Parameter(description = TO) @QueryParam("to") String to) {
        StringBuilder csv = new StringBuilder(
                "month,calendar,impact,cycles,met,missed,open,attainment,median_response_minutes,"
                        + "p90_response_minutes\r\n");
        for (Attainment.Group row : attainmentOf(from, to).report().rows()) {
            csv.append(row.month()).append(',').append(csvText(row.calendar())).append(',').append(row.impact())
                    .append(',').append(row.cycles()).append(',').append(row.met()).append(',').append(row.missed())
                    .append(',').append(row.open()).append(',')
                    .append(row.attainment() == null ? "" : String.format(Locale.ROOT, "%.4f", row.attainment()))
                    .append(',').append(minutes(row.medianResponse())).append(',').append(minutes(row.p90Response()))
                    .append("\r\n");
        }
        return csv.toString();
    }

    @GET
    @Path("breaches")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Lists the breaches",
            description = "The cycles started from the first to the last month that missed their deadline, by "
                    + "deadline: LATE (answered late) or BREACHED (still unanswered), with the business time past "
                    + "the deadline (lateness). Also as CSV.")
    @APIResponse(responseCode = "200", description = "The missed cycles")
    public List<Attainment.Breach> breaches(@Parameter(description = FROM, example = "2026-09") @QueryParam("from") String from,
                                            @Parameter(description = TO, example = "2026-11") @QueryParam("to") String to) {
        return attainmentOf(from, to).breaches();
    }

    @GET
    @Path("breaches")
    @Produces(CSV)
    @Operation(summary = "Lists the breaches as CSV", description = "Lateness in business minutes.")
    @APIResponse(responseCode = "200", description = "The missed cycles")
    public String breachesCsv(@Parameter(description = FROM) @QueryParam("from") String from,
                              @Parameter(description = TO) @QueryParam("to") String to) {
        StringBuilder csv = new StringBuilder(
                "request_id,cycle,month,calendar,impact,started_at,deadline,responded_at,standing,lateness_minutes\r\n");
        for (Attainment.Breach breach : attainmentOf(from, to).breaches()) {
            csv.append(breach.requestId()).append(',').append(breach.cycle()).append(',').append(breach.month())
                    .append(',').append(csvText(breach.calendar())).append(',').append(breach.impact()).append(',')
                    .append(breach.startedAt()).append(',').append(breach.deadline()).append(',')
                    .append(breach.respondedAt() == null ? "" : breach.respondedAt()).append(',')
                    .append(breach.standing()).append(',').append(minutes(breach.lateness())).append("\r\n");
        }
        return csv.toString();
    }

    private Attainment attainmentOf(String fromParameter, String toParameter) {
        Instant now = clock.instant();
        YearMonth to = QueryParameters.month("to", toParameter, YearMonth.from(now.atZone(ZoneOffset.UTC)));
        YearMonth from = QueryParameters.month("from", fromParameter, to.minusMonths(2));
        if (from.isAfter(to)) {
            throw ProblemException.invalidField("from", "must not be after to (" + to + ")");
        }
        if (from.plusMonths(MAX_MONTHS).isBefore(to.plusMonths(1))) {
            throw ProblemException.invalidField("to", "must be at most " + MAX_MONTHS + " months from from");
        }
        // Months are local to each calendar: read a day more on either side, Attainment keeps the cycles in range.
        Instant start = from.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant().minus(Duration.ofDays(1));
        Instant end = to.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant().plus(Duration.ofDays(1));
        return new Attainment(cycles(start, end), registry::calendar, from, to, now);
    }

    private List<CycleRecord> cycles(Instant start, Instant end) {
        List<CycleRecord> cycles = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement q = c.prepareStatement("""
                     SELECT request_id, cycle, calendar_id, impact, started_at, deadline, outcome, responded_at
                     FROM sla_cycle WHERE started_at >= ? AND started_at < ?
                     AND deadline IS NOT NULL""")) {
            q.setTimestamp(1, Timestamp.from(start));
            q.setTimestamp(2, Timestamp.from(end));
            try (ResultSet r = q.executeQuery()) {
                while (r.next()) {
                    String outcome = r.getString(7);
                    Timestamp responded = r.getTimestamp(8);
                    cycles.add(new CycleRecord(r.getObject(1, UUID.class), r.getInt(2), r.getString(3),
                            Impact.valueOf(r.getString(4)), r.getTimestamp(5).toInstant(),
                            r.getTimestamp(6).toInstant(), outcome == null ? null : Outcome.valueOf(outcome),
                            responded == null ? null : responded.toInstant()));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the SLA cycles for the report", e);
        }
        return cycles;
    }

    /** Business minutes with two decimals, or empty. */
    private static String minutes(Duration duration) {
        return duration == null ? "" : String.format(Locale.ROOT, "%.2f", duration.toMillis() / 60_000.0);
    }

    /** A calendar id as a CSV field: quoted if it holds a comma, a quote or a line break. */
    private static String csvText(String text) {
        if (text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r")) {
            return '"' + text.replace("\"", "\"\"") + '"';
        }
        return text;
    }
}
