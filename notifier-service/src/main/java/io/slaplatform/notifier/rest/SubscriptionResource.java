package io.slaplatform.notifier.rest;

import io.slaplatform.notifier.service.SubscriptionService;
import io.slaplatform.runtime.rest.ProblemException;
import io.slaplatform.runtime.security.Roles;
import io.slaplatform.runtime.validation.Validation;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.UUID;

/** Support leads' subscriptions to SLA alerts by e-mail. Support leads only. */
@Path("/subscriptions")
@RolesAllowed(Roles.LEAD)
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class SubscriptionResource {

    private final SubscriptionService subscriptions;

    SubscriptionResource(SubscriptionService subscriptions) {
        this.subscriptions = subscriptions;
    }

    @POST
    public Response create(@NotNull @Valid SubscriptionBody body, @Context UriInfo uri) {
        SubscriptionView created = subscriptions.create(body);
        return Response.created(uri.getBaseUriBuilder().path("subscriptions").path(created.id().toString()).build())
                .entity(created).build();
    }

    /** Every subscription, oldest first; {@code email} narrows them to one address, ignoring case. */
    @GET
    public List<SubscriptionView> list(@QueryParam("email") String email) {
        if (email != null && (email.isBlank() || email.length() > Validation.EMAIL_MAX)) {
            throw ProblemException.invalidField("email", "must be an address of at most " + Validation.EMAIL_MAX
                    + " characters");
        }
        return subscriptions.list(email);
    }

    @GET
    @Path("{id}")
    public SubscriptionView get(@PathParam("id") UUID id) {
        return subscriptions.find(id);
    }

    @PUT
    @Path("{id}")
    public SubscriptionView replace(@PathParam("id") UUID id, @NotNull @Valid SubscriptionBody body) {
        return subscriptions.replace(id, body);
    }

    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("id") UUID id) {
        subscriptions.delete(id);
        return Response.noContent().build();
    }
}
