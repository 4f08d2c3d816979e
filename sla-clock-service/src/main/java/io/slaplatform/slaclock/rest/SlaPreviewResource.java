package io.slaplatform.slaclock.rest;

import io.slaplatform.events.Impact;
import io.slaplatform.runtime.rest.ProblemException;
import io.slaplatform.runtime.rest.QueryParameters;
import io.slaplatform.slaclock.calendar.BusinessCalendar;
import io.slaplatform.slaclock.service.CalendarRegistry;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * What a web form shows before the customer submits: "we will answer by ...". Public: it reveals only the
 * published terms.
 */
@Path("/sla/preview")
@PermitAll
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "SLA preview", description = "What a web form shows before the customer submits; public")
public class SlaPreviewResource {

    private final CalendarRegistry registry;
    private final Clock clock;

    SlaPreviewResource(CalendarRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
    }

    /**
     * The response deadline of a request submitted at {@code at} (default now).
     *
     * @param deadline      UTC instant
     * @param deadlineLocal the same instant in the calendar's time zone, with its offset
     * @param warnings      when {@code DeadlineApproaching} would be emitted, per configured share
     */
    public record Preview(String country, Impact impact, String calendar, String timeZone, Duration target,
                          Instant submittedAt, Instant deadline, String deadlineLocal, List<Warning> warnings) {
    }

    /** One warning threshold: the share of the target and when it is reached. */
    public record Warning(double share, Instant at, String atLocal) {
    }

    @GET
    @Operation(summary = "Previews the response deadline",
            description = "The guaranteed response deadline of a request from a country with an impact, submitted "
                    + "at an instant (default now), on the calendar of the country, with its warnings.")
    @APIResponse(responseCode = "200", description = "The deadline and its warnings")
    public Preview preview(@Parameter(description = "ISO 3166-1 alpha-2 code of the customer's country (required)",
                                   example = "CH") @QueryParam("country") String country,
                           @Parameter(description = "LIMITED, MODERATE, MAJOR or CRITICAL (required)",
                                   example = "CRITICAL") @QueryParam("impact") String impact,
                           @Parameter(description = QueryParameters.AT, example = "2026-11-27T15:00:00Z")
                           @QueryParam("at") String at) {
        String code = QueryParameters.required("country", country);
        Impact level = QueryParameters.impact("impact", impact);
        Instant submittedAt = QueryParameters.instant("at", at, clock);
        BusinessCalendar calendar = registry.calendarForCountry(code).orElseThrow(() ->
                ProblemException.invalidField("country", "must be an ISO 3166-1 alpha-2 code such as CH or US"));
        Duration target = registry.target(level);
        Instant deadline = calendar.deadline(submittedAt, target);
        List<Warning> warnings = registry.warningThresholds().stream()
                .map(share -> {
                    Instant warnAt = calendar.instantAtShare(submittedAt, target, share);
                    return new Warning(share, warnAt, CalendarViews.local(calendar, warnAt));
                })
                .toList();
        return new Preview(code, level, calendar.id(), calendar.zone().getId(), target, submittedAt, deadline,
                CalendarViews.local(calendar, deadline), warnings);
    }
}
