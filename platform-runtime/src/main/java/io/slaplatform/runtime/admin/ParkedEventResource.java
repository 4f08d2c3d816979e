package io.slaplatform.runtime.admin;

import io.slaplatform.runtime.messaging.ParkedEventHandlers;
import io.slaplatform.runtime.messaging.ParkedEventHandlers.TopicHandler;
import io.slaplatform.runtime.messaging.ParkedEvents;
import io.slaplatform.runtime.messaging.ParkedEvents.Summary;
import io.slaplatform.runtime.rest.Problem;
import io.slaplatform.runtime.rest.ProblemException;
import io.slaplatform.runtime.rest.QueryParameters;
import io.slaplatform.runtime.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.inject.Instance;
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
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
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
    @Operation(summary = "The oldest parked events, oldest first",
            description = "Where each event came from (topic, partition, offset, key, CloudEvents ids) and why its "
                    + "handler failed; not its payload. Read the payload with SQL in the service's schema.")
    @APIResponse(responseCode = "200", description = "The parked events, oldest first")
    public List<Summary> list(@Parameter(description = "At most this many events (1 to 1000)", example = "100",
                                         schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "1000",
                                                 defaultValue = "100"))
                              @QueryParam("limit") String limit) {
        return parked.list(QueryParameters.limit("limit", limit));
    }

    @GET
    @Path("{id}")
    @Operation(summary = "One parked event", description = "Where it came from and why its handler failed.")
    @APIResponse(responseCode = "200", description = "The parked event")
    @APIResponse(responseCode = "404", description = "No parked event has this id (replayed, deleted, or never parked)")
    public Summary get(@Parameter(description = "The parked event's id", example = "42") @PathParam("id") String id) {
        return parked.find(parse(id)).orElseThrow(() -> notFound(id));
    }

    @POST
    @Path("{id}/replay")
    @Operation(summary = "Replays a parked event",
            description = "Runs the service's handler for the event again, in one transaction that also deletes the "
                    + "parked row. Replay an event once the cause of its failure is fixed.")
    @APIResponse(responseCode = "200", description = "The handler succeeded: the event is applied and no longer parked")
    @APIResponse(responseCode = "404", description = "No parked event has this id (replayed, deleted, or never parked)")
    @APIResponse(responseCode = "409", description = "The handler failed again (the event stays parked with one more "
            + "attempt), or this service no longer handles the event's topic or type",
            // Naming Problem here puts its schema in every service's document, for ProblemResponsesFilter's refs.
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Replayed replay(@Parameter(description = "The parked event's id", example = "42")
                           @PathParam("id") String id) {
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
