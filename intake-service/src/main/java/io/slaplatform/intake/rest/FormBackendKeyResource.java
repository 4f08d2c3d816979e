package io.slaplatform.intake.rest;

import io.quarkus.security.identity.SecurityIdentity;
import io.slaplatform.intake.service.ApiKeyService;
import io.slaplatform.runtime.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;

/**
 * Administrators issue, list and revoke the API keys of customers' web form backends. A key is shown once, in
 * the answer to its creation; rotating means issuing a new key, switching the backend to it, and revoking the old.
 */
@Path("/form-backends/{backendId}/api-keys")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
public class FormBackendKeyResource {

    /** A backend id: lowercase letters, digits and hyphens, as in {@code acme-web-form}. */
    static final String BACKEND_ID = "[a-z0-9][a-z0-9-]{0,62}";
    private static final String BACKEND_ID_MESSAGE =
            "must be 1 to 63 lowercase letters, digits or hyphens, starting with a letter or digit";

    private final ApiKeyService keys;
    private final SecurityIdentity identity;

    FormBackendKeyResource(ApiKeyService keys, SecurityIdentity identity) {
        this.keys = keys;
        this.identity = identity;
    }

    @POST
    public Response issue(@PathParam("backendId") @Pattern(regexp = BACKEND_ID, message = BACKEND_ID_MESSAGE)
                          String backendId, @Valid NewApiKey body, @Context UriInfo uri) {
        NewApiKey options = body != null ? body : new NewApiKey(null, null);
        ApiKeyService.Issued issued = keys.issue(backendId, options.label(), options.rateLimitPerMinute(),
                identity.getPrincipal().getName());
        return Response.created(uri.getAbsolutePathBuilder().path(issued.key().keyId).build())
                .entity(IssuedApiKey.of(issued))
                .build();
    }

    @GET
    public List<ApiKeyView> list(@PathParam("backendId") @Pattern(regexp = BACKEND_ID, message = BACKEND_ID_MESSAGE)
                                 String backendId) {
        return keys.list(backendId).stream().map(ApiKeyView::of).toList();
    }

    @DELETE
    @Path("{keyId}")
    public Response revoke(@PathParam("backendId") @Pattern(regexp = BACKEND_ID, message = BACKEND_ID_MESSAGE)
                           String backendId, @PathParam("keyId") String keyId) {
        keys.revoke(backendId, keyId, identity.getPrincipal().getName());
        return Response.noContent().build();
    }
}
