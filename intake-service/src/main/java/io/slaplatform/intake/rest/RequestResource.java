package io.slaplatform.intake.rest;

import io.quarkus.security.identity.SecurityIdentity;
import io.slaplatform.intake.security.FormBackendCaller;
import io.slaplatform.intake.security.RateLimited;
import io.slaplatform.intake.service.RequestService;
import io.slaplatform.runtime.rest.ProblemException;
import io.slaplatform.runtime.security.Roles;
import jakarta.annotation.security.RolesAllowed;
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

/**
 * Support requests: submitted by web form backends (API key or client-credentials JWT, rate-limited), read by
 * agents and leads, acted on by agents.
 */
@Path("/requests")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class RequestResource {

    /** Header a web form backend sets to make retries of one submission safe. */
    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    /** Response header set when an Idempotency-Key replay returned an earlier result. */
    public static final String IDEMPOTENT_REPLAYED = "Idempotent-Replayed";

    private final RequestService requests;
    private final SecurityIdentity identity;

    RequestResource(RequestService requests, SecurityIdentity identity) {
        this.requests = requests;
        this.identity = identity;
    }

    @POST
    @RolesAllowed(Roles.FORM_BACKEND)
    @RateLimited
    public Response submit(@NotNull @Valid NewSupportRequest body,
                           @HeaderParam(IDEMPOTENCY_KEY) String idempotencyKey, @Context UriInfo uri) {
        if (idempotencyKey != null && !idempotencyKey.matches("[\\x21-\\x7E]{1,255}")) {
            throw ProblemException.invalidField(IDEMPOTENCY_KEY, "must be 1 to 255 printable ASCII characters");
        }
        String submittedBy = FormBackendCaller.of(identity).map(FormBackendCaller::backendId)
                .orElseGet(() -> identity.getPrincipal().getName());
        RequestService.Submission submission = requests.submit(body, idempotencyKey, submittedBy);
        Response.ResponseBuilder response = Response.created(location(uri, submission.request().id()))
                .entity(submission.request());
        if (submission.replayed()) {
            response.header(IDEMPOTENT_REPLAYED, "true");
        }
        return response.build();
    }

    @GET
    @Path("{id}")
    @RolesAllowed({Roles.AGENT, Roles.LEAD})
    public RequestView get(@PathParam("id") UUID id) {
        return requests.find(id);
    }

    @POST
    @Path("{id}/responses")
    @RolesAllowed(Roles.AGENT)
    public Response respond(@PathParam("id") UUID id, @NotNull @Valid NewSupportResponse body, @Context UriInfo uri) {
        return Response.created(location(uri, id)).entity(requests.respond(id, body)).build();
    }

    @POST
    @Path("{id}/customer-replies")
    @RolesAllowed(Roles.AGENT)
    public Response customerReplied(@PathParam("id") UUID id, @NotNull @Valid NewCustomerReply body,
                                    @Context UriInfo uri) {
        return Response.created(location(uri, id)).entity(requests.customerReplied(id, body)).build();
    }

    @PUT
    @Path("{id}/impact")
    @RolesAllowed(Roles.AGENT)
    public RequestView reclassify(@PathParam("id") UUID id, @NotNull @Valid Reclassification body) {
        return requests.reclassify(id, body);
    }

    private static URI location(UriInfo uri, UUID id) {
        return uri.getBaseUriBuilder().path("requests").path(id.toString()).build();
    }
}
