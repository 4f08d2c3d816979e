package io.slaplatform.intake.rest;

import io.slaplatform.intake.service.RequestService;
import io.slaplatform.runtime.rest.ProblemException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.util.UUID;

/** Support requests: submitted by web form backends, acted on by support agents. */
@Path("/requests")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class RequestResource {

    /** Header a web form backend sets to make retries of one submission safe. */
    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    /** Response header set when an Idempotency-Key replay returned an earlier result. */
    public static final String IDEMPOTENT_REPLAYED = "Idempotent-Replayed";

    private final RequestService requests;

    RequestResource(RequestService requests) {
        this.requests = requests;
    }

    @POST
    public Response submit(@NotNull @Valid NewSupportRequest body,
                           @HeaderParam(IDEMPOTENCY_KEY) String idempotencyKey, @Context UriInfo uri) {
        if (idempotencyKey != null && !idempotencyKey.matches("[\\x21-\\x7E]{1,255}")) {
            throw ProblemException.invalidField(IDEMPOTENCY_KEY, "must be 1 to 255 printable ASCII characters");
        }
        RequestService.Submission submission = requests.submit(body, idempotencyKey);
        Response.ResponseBuilder response = Response.created(location(uri, submission.request().id()))
                .entity(submission.request());
        if (submission.replayed()) {
            response.header(IDEMPOTENT_REPLAYED, "true");
        }
        return response.build();
    }

    @GET
    @Path("{id}")
    public RequestView get(@PathParam("id") UUID id) {
        return requests.find(id);
    }

    @POST
    @Path("{id}/responses")
    public Response respond(@PathParam("id") UUID id, @NotNull @Valid NewSupportResponse body, @Context UriInfo uri) {
        return Response.created(location(uri, id)).entity(requests.respond(id, body)).build();
    }

    @POST
    @Path("{id}/customer-replies")
    public Response customerReplied(@PathParam("id") UUID id, @NotNull @Valid NewCustomerReply body,
                                    @Context UriInfo uri) {
        return Response.created(location(uri, id)).entity(requests.customerReplied(id, body)).build();
    }

    @PUT
    @Path("{id}/impact")
    public RequestView reclassify(@PathParam("id") UUID id, @NotNull @Valid Reclassification body) {
        return requests.reclassify(id, body);
    }

    private static URI location(UriInfo uri, UUID id) {
        return uri.getBaseUriBuilder().path("requests").path(id.toString()).build();
    }
}
