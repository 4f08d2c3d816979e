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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Support requests: submitted by web form backends (API key or client-credentials JWT, rate-limited), read by
 * agents and leads, acted on by agents.
 */
@Path("/requests")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Support requests", description = "Submitted by customers' web form backends, read and answered by support")
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
    @Operation(summary = "Submits a support request",
            description = "For customers' web form backends, with an API key (X-API-Key) or a client-credentials "
                    + "token with the form-backend role. The request is stored as SUBMITTED and RequestSubmitted "
                    + "is published; eligibility then accepts or rejects it. Send an Idempotency-Key to make retries "
                    + "safe: a retry returns the first result with Idempotent-Replayed: true.")
    @APIResponse(responseCode = "201", description = "Submitted (or, with Idempotent-Replayed: true, submitted before)",
            headers = {@Header(name = "Location", description = "The request's URL"),
                    @Header(name = IDEMPOTENT_REPLAYED, description = "true when this is the first result, replayed")})
    @APIResponse(responseCode = "413", description = "The body is larger than quarkus.http.limits.max-body-size")
    @APIResponse(responseCode = "422", description = "The Idempotency-Key was used before with a different body")
    @APIResponse(responseCode = "429", description = "The API key's (or token subject's) rate limit is exhausted",
            headers = @Header(name = "Retry-After", description = "Seconds until a post is admitted again"))
    public Response submit(@NotNull @Valid NewSupportRequest body,
                           @Parameter(description = "Any 1 to 255 printable ASCII characters, unique per submission "
                                   + "of this form backend (another backend's keys are its own): a retry with the "
                                   + "same key and body returns the first answer, never the request's later state",
                                   example = "0b6f8c1e-form-4711")
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
    @Operation(summary = "Reads a request", description = "Its data, status (SUBMITTED, ACCEPTED, REJECTED, "
            + "RESOLVED), eligibility decision and history of responses, replies and reclassifications.")
    @APIResponse(responseCode = "200", description = "The request")
    @APIResponse(responseCode = "404", description = "No request has this id")
    public RequestView get(@Parameter(description = "The request id") @PathParam("id") UUID id) {
        return requests.find(id);
    }

    @POST
    @Path("{id}/responses")
    @RolesAllowed(Roles.AGENT)
    @Operation(summary = "Records a response of support",
            description = "Publishes SupportResponded, which stops the running SLA cycle; a RESOLUTION also resolves "
                    + "the request (RequestResolved).")
    @APIResponse(responseCode = "201", description = "Recorded; the answer is the request with its history")
    @APIResponse(responseCode = "404", description = "No request has this id")
    @APIResponse(responseCode = "409", description = "The request is resolved already")
    public Response respond(@Parameter(description = "The request id") @PathParam("id") UUID id,
                            @NotNull @Valid NewSupportResponse body, @Context UriInfo uri) {
        return Response.created(location(uri, id)).entity(requests.respond(id, body)).build();
    }

    @POST
    @Path("{id}/customer-replies")
    @RolesAllowed(Roles.AGENT)
    @Operation(summary = "Records a reply of the customer",
            description = "Publishes CustomerReplied, which starts a new SLA cycle when none runs: with a "
                    + "guaranteed response time if Enterprise support covers the reply's instant, else without.")
    @APIResponse(responseCode = "201", description = "Recorded; the answer is the request with its history")
    @APIResponse(responseCode = "404", description = "No request has this id")
    @APIResponse(responseCode = "409", description = "The request is resolved already")
    public Response customerReplied(@Parameter(description = "The request id") @PathParam("id") UUID id,
                                    @NotNull @Valid NewCustomerReply body,
                                    @Context UriInfo uri) {
        return Response.created(location(uri, id)).entity(requests.customerReplied(id, body)).build();
    }

    @PUT
    @Path("{id}/impact")
    @RolesAllowed(Roles.AGENT)
    @Operation(summary = "Changes the impact of a request",
            description = "Publishes ImpactReclassified (nothing when the impact is unchanged); the SLA clock "
                    + "applies the new target as configured (sla.reclassification-policy).")
    @APIResponse(responseCode = "200", description = "Reclassified; the answer is the request with its history")
    @APIResponse(responseCode = "404", description = "No request has this id")
    @APIResponse(responseCode = "409", description = "The request is resolved already")
    public RequestView reclassify(@Parameter(description = "The request id") @PathParam("id") UUID id,
                                  @NotNull @Valid Reclassification body) {
        return requests.reclassify(id, body);
    }

    private static URI location(UriInfo uri, UUID id) {
        return uri.getBaseUriBuilder().path("requests").path(id.toString()).build();
    }
}
