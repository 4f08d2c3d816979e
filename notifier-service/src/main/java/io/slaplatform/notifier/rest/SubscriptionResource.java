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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Support leads' subscriptions to SLA alerts by e-mail. Support leads only. */
@Path("/subscriptions")
@RolesAllowed(Roles.LEAD)
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Subscriptions", description = "Support leads' subscriptions to SLA alerts by e-mail")
public class SubscriptionResource {

    private static final String ID = "The subscription id";
    private static final String NOT_FOUND = "No subscription has this id";

    private final SubscriptionService subscriptions;

    SubscriptionResource(SubscriptionService subscriptions) {
        this.subscriptions = subscriptions;
    }

    @POST
    @Operation(summary = "Subscribes to SLA alerts",
            description = "Alerts of the chosen types, for tickets of at least minimumImpact on the chosen calendars, "
                    + "are mailed to the address from the next SLA event on.")
    @APIResponse(responseCode = "201", description = "Subscribed",
            headers = @Header(name = "Location", description = "The subscription's URL"))
    public Response create(@NotNull @Valid SubscriptionBody body, @Context UriInfo uri) {
        SubscriptionView created = subscriptions.create(body);
        return Response.created(uri.getBaseUriBuilder().path("subscriptions").path(created.id().toString()).build())
                .entity(created).build();
    }

    /** Every subscription, oldest first; {@code email} narrows them to one address, ignoring case. */
    @GET
    @Operation(summary = "Lists the subscriptions", description = "Oldest first; email narrows them to one address.")
    @APIResponse(responseCode = "200", description = "The subscriptions")
    public List<SubscriptionView> list(@Parameter(description = "Only the subscriptions of this address, ignoring case",
            example = "lead@vendor.example") @QueryParam("email") String email) {
        if (email != null && (email.isBlank() || email.length() > Validation.EMAIL_MAX)) {
            throw ProblemException.invalidField("email", "must be an address of at most " + Validation.EMAIL_MAX
                    + " characters");
        }
        return subscriptions.list(email);
    }

    @GET
    @Path("{id}")
    @Operation(summary = "Reads a subscription")
    @APIResponse(responseCode = "200", description = "The subscription")
    @APIResponse(responseCode = "404", description = NOT_FOUND)
    public SubscriptionView get(@Parameter(description = ID) @PathParam("id") UUID id) {
        return subscriptions.find(id);
    }

    @PUT
    @Path("{id}")
    @Operation(summary = "Replaces a subscription", description = "Every field, as in a new subscription.")
    @APIResponse(responseCode = "200", description = "Replaced")
    @APIResponse(responseCode = "404", description = NOT_FOUND)
    public SubscriptionView replace(@Parameter(description = ID) @PathParam("id") UUID id,
                                    @NotNull @Valid SubscriptionBody body) {
        return subscriptions.replace(id, body);
    }

    @DELETE
    @Path("{id}")
    @Operation(summary = "Unsubscribes", description = "No more alerts go to the address for this subscription.")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "404", description = NOT_FOUND)
    public Response delete(@Parameter(description = ID) @PathParam("id") UUID id) {
        subscriptions.delete(id);
        return Response.noContent().build();
    }
}
