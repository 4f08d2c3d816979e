package io.slaplatform.notifier.rest;

import io.slaplatform.notifier.service.MailOutbox;
import io.slaplatform.notifier.service.MailOutbox.MailView;
import io.slaplatform.notifier.service.MailOutbox.NotParkedException;
import io.slaplatform.runtime.rest.ProblemException;
import io.slaplatform.runtime.rest.QueryParameters;
import io.slaplatform.runtime.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The mail outbox for operators: parked mails (given up on after repeated or permanent SMTP failure) and how to
 * send them again, and the mails of one ticket or license (the sent-mail log). Bodies are not shown.
 * Administrators only: the log holds customers' addresses and ticket subjects.
 */
@Path("/mails")
@RolesAllowed(Roles.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Mails", description = "The mail outbox and sent-mail log: parked mails, retries, the mails of a ticket")
public class MailResource {

    private static final String ID = "The mail id";
    private static final String NOT_FOUND = "No mail has this id";
    private static final String LIMIT = "At most this many mails, 1 to 1000; default 100";

    private final MailOutbox outbox;

    MailResource(MailOutbox outbox) {
        this.outbox = outbox;
    }

    /** The mails about one request or license id, oldest first, whatever their status. */
    @GET
    @Operation(summary = "Lists the mails about a request or license",
            description = "Oldest first, whatever their status (pending, sent, parked); recipients and subjects, "
                    + "not bodies.")
    @APIResponse(responseCode = "200", description = "The mails (empty when none)")
    public List<MailView> about(@Parameter(description = "A request or license id (required)",
                                        example = "3f1c2a9e-7b1d-4c55-9a0e-2f6d8b7c1a42")
                                @QueryParam("aggregateId") String aggregateId,
                                @Parameter(description = LIMIT, example = "100",
                                         schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "1000",
                                                 defaultValue = "100")) @QueryParam("limit") String limit) {
        if (aggregateId == null || aggregateId.isBlank() || aggregateId.length() > 255) {
            throw ProblemException.invalidField("aggregateId", "is required: a request or license id");
        }
        return outbox.about(aggregateId, QueryParameters.limit("limit", limit));
    }

    /** Parked mails, most recently parked first. */
    @GET
    @Path("parked")
    @Operation(summary = "Lists the parked mails",
            description = "Mails given up on after repeated or permanent SMTP failures, most recently parked first.")
    @APIResponse(responseCode = "200", description = "The parked mails")
    public List<MailView> parked(@Parameter(description = LIMIT, example = "100",
                                         schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "1000",
                                                 defaultValue = "100")) @QueryParam("limit") String limit) {
        return outbox.parked(QueryParameters.limit("limit", limit));
    }

    /** Queues every parked mail again, due now, attempts counted afresh. */
    @POST
    @Path("parked/retry")
    @Operation(summary = "Sends every parked mail again",
            description = "Queues every parked mail again, due now, its attempts counted afresh.")
    @APIResponse(responseCode = "200", description = "How many mails were queued again: {\"requeued\": n}")
    public Map<String, Integer> retryAllParked() {
        return Map.of("requeued", outbox.retryAllParked());
    }

    @GET
    @Path("{id}")
    @Operation(summary = "Reads a mail", description = "Its recipient, subject, status and attempts; not its body.")
    @APIResponse(responseCode = "200", description = "The mail")
    @APIResponse(responseCode = "404", description = NOT_FOUND)
    public MailView get(@Parameter(description = ID, example = "42") @PathParam("id") long id) {
        return outbox.find(id).orElseThrow(() -> ProblemException.notFound("Mail", id));
    }

    /** Queues one parked mail again; 409 when it is not parked. */
    @POST
    @Path("{id}/retry")
    @Operation(summary = "Sends a parked mail again",
            description = "Queues it again, due now, attempts counted afresh.")
    @APIResponse(responseCode = "200", description = "Queued again")
    @APIResponse(responseCode = "404", description = NOT_FOUND)
    @APIResponse(responseCode = "409", description = "The mail is not parked")
    public MailView retry(@Parameter(description = ID, example = "42") @PathParam("id") long id) {
        try {
            return outbox.retry(id).orElseThrow(() -> ProblemException.notFound("Mail", id));
        } catch (NotParkedException e) {
            throw ProblemException.conflict("mail-not-parked", "Mail not parked", e.getMessage());
        }
    }
}
