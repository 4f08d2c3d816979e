package io.slaplatform.slaclock.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.slaplatform.runtime.rest.ProblemException;
import io.slaplatform.runtime.rest.QueryParameters;
import io.slaplatform.slaclock.calendar.BusinessCalendar;
import io.slaplatform.slaclock.service.CalendarRegistry;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Stream;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The business calendars, and whether support is open now: when a customer can call or plan a web call.
 * Public: it reveals only the published business hours.
 */
@Path("/calendars")
@PermitAll
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Calendars", description = "The business calendars and whether support is open; public")
public class CalendarResource {

    private static final String ID = "The calendar id, e.g. swiss or us-pacific";

    private final CalendarRegistry registry;
    private final Clock clock;

    CalendarResource(CalendarRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
    }

    /**
     * A calendar as configured.
     *
     * @param hours    weekly opening hours in the calendar's wall-clock time, e.g. {@code MON-FRI 09:00-17:00}
     * @param holidays the holidays of this year and the next, with the extra closure dates
     */
    public record CalendarView(String id, String timeZone, String hours, String holidaySet, List<LocalDate> holidays) {
    }

    /** Open or closed at an instant, and the next change each way (absent when there is none within years). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record StatusView(String calendar, Instant at, boolean open, Instant nextOpening, String nextOpeningLocal,
                             Instant nextClosing, String nextClosingLocal) {
    }

    @GET
    @Operation(summary = "Lists the business calendars",
            description = "Each with its time zone, weekly hours, and the holidays of this year and the next.")
    @APIResponse(responseCode = "200", description = "The calendars")
    public List<CalendarView> list() {
        return registry.calendars().stream().map(this::view).toList();
    }

    @GET
    @Path("{id}")
    @Operation(summary = "Reads a business calendar",
            description = "Its time zone, weekly hours, and the holidays of this year and the next.")
    @APIResponse(responseCode = "200", description = "The calendar")
    @APIResponse(responseCode = "404", description = "No calendar has this id")
    public CalendarView get(@Parameter(description = ID, example = "swiss") @PathParam("id") String id) {
        return view(calendar(id));
    }

    @GET
    @Path("{id}/status")
    @Operation(summary = "Tells whether support is open",
            description = "Open or closed at an instant (default now), and the next opening and closing.")
    @APIResponse(responseCode = "200", description = "Open or closed, and the next changes")
    @APIResponse(responseCode = "404", description = "No calendar has this id")
    public StatusView status(@Parameter(description = ID, example = "swiss") @PathParam("id") String id,
                             @Parameter(description = QueryParameters.AT, example = "2026-11-27T15:00:00Z")
                             @QueryParam("at") String at) {
        BusinessCalendar calendar = calendar(id);
        Instant instant = QueryParameters.instant("at", at, clock);
        Instant nextOpening = calendar.nextOpening(instant).orElse(null);
        Instant nextClosing = calendar.nextClosing(instant).orElse(null);
        return new StatusView(calendar.id(), instant, calendar.isOpen(instant), nextOpening,
                CalendarViews.local(calendar, nextOpening), nextClosing, CalendarViews.local(calendar, nextClosing));
    }

    private BusinessCalendar calendar(String id) {
        return registry.calendar(id).orElseThrow(() -> ProblemException.notFound("Calendar", id));
    }

    private CalendarView view(BusinessCalendar calendar) {
        int year = clock.instant().atZone(calendar.zone()).getYear();
        List<LocalDate> closed = Stream.concat(
                        Stream.of(year, year + 1).flatMap(y -> calendar.holidays().datesIn(y).stream()),
                        calendar.extraClosureDates().stream().filter(d -> d.getYear() >= year))
                .distinct().sorted().toList();
        return new CalendarView(calendar.id(), calendar.zone().getId(), calendar.schedule().toString(),
                calendar.holidays().description(), closed);
    }
}
