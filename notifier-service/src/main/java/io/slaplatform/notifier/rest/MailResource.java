package io.slaplatform.notifier.rest;

import io.slaplatform.notifier.service.MailOutbox;
import io.slaplatform.notifier.service.MailOutbox.MailView;
import io.slaplatform.notifier.service.MailOutbox.NotParkedException;
import io.slaplatform.runtime.rest.ProblemException;
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

/**
 * The mail outbox for operators: parked mails (given up on after repeated or permanent SMTP failure) and how to
 * send them again, and the mails of one ticket or license (the sent-mail log). Bodies are not shown.
 * Administrators only: the log holds customers' addresses and ticket subjects.
 */
@Path("/mails")
@RolesAllowed(Roles.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
public class MailResource {

    private final MailOutbox outbox;

    MailResource(MailOutbox outbox) {
        this.outbox = outbox;
    }

    /** The mails about one request or license id, oldest first, whatever their status. */
    @GET
    public List<MailView> about(@QueryParam("aggregateId") String aggregateId, @QueryParam("limit") Integer limit) {
        if (aggregateId == null || aggregateId.isBlank() || aggregateId.length() > 255) {
            throw ProblemException.invalidField("aggregateId", "is required: a request or license id");
        }
        return outbox.about(aggregateId, limit(limit));
    }

    /** Parked mails, most recently parked first. */
    @GET
    @Path("parked")
    public List<MailView> parked(@QueryParam("limit") Integer limit) {
        return outbox.parked(limit(limit));
    }

    /** Queues every parked mail again, due now, attempts counted afresh. */
    @POST
    @Path("parked/retry")
    public Map<String, Integer> retryAllParked() {
        return Map.of("requeued", outbox.retryAllParked());
    }

    @GET
    @Path("{id}")
    public MailView get(@PathParam("id") long id) {
        return outbox.find(id).orElseThrow(() -> ProblemException.notFound("Mail", id));
    }

    /** Queues one parked mail again; 409 when it is not parked. */
    @POST
    @Path("{id}/retry")
    public MailView retry(@PathParam("id") long id) {
        try {
            return outbox.retry(id).orElseThrow(() -> ProblemException.notFound("Mail", id));
        } catch (NotParkedException e) {
            throw ProblemException.conflict("mail-not-parked", "Mail not parked", e.getMessage());
        }
    }

    private static int limit(Integer limit) {
        int rows = limit == null ? 100 : limit;
        if (rows < 1 || rows > 1000) {
            throw ProblemException.invalidField("limit", "must be between 1 and 1000");
        }
        return rows;
    }
}
