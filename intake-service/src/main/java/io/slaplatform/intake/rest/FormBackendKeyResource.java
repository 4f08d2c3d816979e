package io.slaplatform.intake.rest;

import io.quarkus.security.identity.SecurityIdentity;
import io.slaplatform.intake.security.ApiKeyFormat;
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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Administrators issue, list and revoke the API keys of customers' web form backends. A key is shown once, in
 * the answer to its creation; rotating means issuing a new key, switching the backend to it, and revoking the old.
 */
@Path("/form-backends/{backendId}/api-keys")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
@Tag(name = "API keys", description = "Administrators issue, list and revoke the API keys of web form backends")
public class FormBackendKeyResource {

    /** A backend id: lowercase letters, digits and hyphens, as in {@code acme-web-form}. */
    static final String BACKEND_ID = "[a-z0-9][a-z0-9-]{0,62}";
    private static final String BACKEND_ID_DESCRIPTION = "The web form backend: lowercase letters, digits, hyphens";
    private static final String BACKEND_ID_MESSAGE =
            "must be 1 to 63 lowercase letters, digits or hyphens, starting with a letter or digit";

    private final ApiKeyService keys;
    private final SecurityIdentity identity;

    FormBackendKeyResource(ApiKeyService keys, SecurityIdentity identity) {
        this.keys = keys;
        this.identity = identity;
    }

    @POST
    @Operation(summary = "Issues an API key",
            description = "The answer is the only time the key (apiKey) is shown: intake keeps its SHA-256 only. "
                    + "A backend holds at most 5 active keys; rotate by issuing a new one, deploying it, and "
                    + "revoking the old one.")
    @APIResponse(responseCode = "201", description = "Issued; apiKey is the X-API-Key value for the backend")
    @APIResponse(responseCode = "409", description = "The backend already holds 5 active keys")
    public Response issue(@Parameter(description = BACKEND_ID_DESCRIPTION, example = "acme-web-form")
                          @PathParam("backendId") @Pattern(regexp = BACKEND_ID, message = BACKEND_ID_MESSAGE)
                          String backendId, @Valid NewApiKey body, @Context UriInfo uri) {
        NewApiKey options = body != null ? body : new NewApiKey(null, null);
        ApiKeyService.Issued issued = keys.issue(backendId, options.label(), options.rateLimitPerMinute(),
                identity.getPrincipal().getName());
        return Response.created(uri.getAbsolutePathBuilder().path(issued.key().keyId).build())
                .entity(IssuedApiKey.of(issued))
                .build();
    }

    @GET
    @Operation(summary = "Lists a backend's API keys", description = "Active and revoked, never their secrets.")
    @APIResponse(responseCode = "200", description = "The keys (empty for a backend without any)")
    public List<ApiKeyView> list(@Parameter(description = BACKEND_ID_DESCRIPTION, example = "acme-web-form")
                                 @PathParam("backendId") @Pattern(regexp = BACKEND_ID, message = BACKEND_ID_MESSAGE)
                                 String backendId) {
        return keys.list(backendId).stream().map(ApiKeyView::of).toList();
    }

    @DELETE
    @Path("{keyId}")
    @Operation(summary = "Revokes an API key", description = "Takes effect on the next request, on every instance.")
    @APIResponse(responseCode = "204", description = "Revoked (or already revoked)")
    @APIResponse(responseCode = "404", description = "The backend has no key with this id")
    public Response revoke(@Parameter(description = BACKEND_ID_DESCRIPTION, example = "acme-web-form")
                           @PathParam("backendId") @Pattern(regexp = BACKEND_ID, message = BACKEND_ID_MESSAGE)
                           String backendId,
                           @Parameter(description = "The key id, the middle part of sfk_<keyId>_<secret>")
                           @PathParam("keyId") @Pattern(regexp = ApiKeyFormat.KEY_ID,
                                   message = "must be a key id: 12 characters of a-z and 2-7") String keyId) {
        keys.revoke(backendId, keyId, identity.getPrincipal().getName());
        return Response.noContent().build();
    }
}
