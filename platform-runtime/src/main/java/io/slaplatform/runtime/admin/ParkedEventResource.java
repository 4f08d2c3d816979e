package io.slaplatform.runtime.admin;

import io.slaplatform.runtime.messaging.ParkedEventHandlers;
import io.slaplatform.runtime.messaging.ParkedEventHandlers.TopicHandler;
import io.slaplatform.runtime.messaging.ParkedEvents;
import io.slaplatform.runtime.messaging.ParkedEvents.Summary;
import io.slaplatform.runtime.rest.Problem;
import io.slaplatform.runtime.rest.ProblemException;
import io.slaplatform.runtime.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.inject.Instance;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Parked events of this service (records whose handler kept failing): list them, and replay one once its cause
 * is fixed. The same API on every service; administrators only (payloads may hold personal data, so the list
 * shows where an event came from and why it failed, not its payload).
 */
@Path("/admin/parked-events")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
@Tag(name = "Parked events", description = "Consumed events whose handler kept failing")
public class ParkedEventResource {

    private final ParkedEvents parked;
    private final Instance<ParkedEventHandlers> listeners;

    ParkedEventResource(ParkedEvents parked, Instance<ParkedEventHandlers> listeners) {
        this.parked = parked;
        this.listeners = listeners;
    }

    /** The replay's outcome. */
    public record Replayed(long id, String ceId, String ceType, boolean replayed) {
    }

    @GET
    @Operation(summary = "The oldest parked events, oldest first")
    public List<Summary> list(@QueryParam("limit") @DefaultValue("100") @Min(1) @Max(1000) int limit) {
        return parked.list(limit);
    }

    @GET
    @Path("{id}")
    @Operation(summary = "One parked event")
    public Summary get(@PathParam("id") String id) {
        return parked.find(parse(id)).orElseThrow(() -> notFound(id));
    }

    @POST
    @Path("{id}/replay")
    @Operation(summary = "Runs the event's handler again; on success the event is applied and no longer parked")
    public Replayed replay(@PathParam("id") String id) {
        Summary event = parked.find(parse(id)).orElseThrow(() -> notFound(id));
        TopicHandler handler = listeners.stream().map(listener -> listener.forTopic(event.topic()))
                .flatMap(Optional::stream).findFirst()
                .orElseThrow(() -> new ProblemException(Problem.of("no-handler", "No handler", 409,
                        "This service no longer consumes topic " + event.topic() + "; delete the event with SQL")));
        try {
            boolean replayed = parked.replay(event.id(), handler.handled(), handler.handler());
            if (!replayed) {
                throw notFound(id);
            }
            return new Replayed(event.id(), event.ceId(), event.ceType(), true);
        } catch (ParkedEvents.ReplayFailedException e) {
            throw new ProblemException(Problem.of("replay-failed", "Replay failed", 409, "The handler failed again ("
                    + e.getCause().getClass().getSimpleName() + "); the event stays parked with one more attempt"));
        } catch (IllegalArgumentException e) {
            throw new ProblemException(Problem.of("not-replayable", "Not replayable", 409,
                    "This service does not handle " + event.ceType() + " events from " + event.topic()));
        }
    }

    private static long parse(String id) {
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw new ProblemException(Problem.invalid(List.of(new Problem.FieldError("id", "must be a number"))));
        }
    }

    private static ProblemException notFound(String id) {
        return new ProblemException(Problem.of("not-found", "Not Found", 404, "No parked event " + id));
    }
}
