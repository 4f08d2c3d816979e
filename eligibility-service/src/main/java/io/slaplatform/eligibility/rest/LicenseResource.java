package io.slaplatform.eligibility.rest;

import io.slaplatform.eligibility.service.LicenseService;
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

/** The license registry's admin API: licenses and their Enterprise support add-on. Administrators only. */
@Path("/licenses")
@RolesAllowed(Roles.ADMIN)
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class LicenseResource {

    private final LicenseService licenses;

    LicenseResource(LicenseService licenses) {
        this.licenses = licenses;
    }

    @POST
    public Response register(@NotNull @Valid NewLicense body, @Context UriInfo uri) {
        LicenseView license = licenses.register(body);
        return Response.created(uri.getBaseUriBuilder().path("licenses").path(license.id().toString()).build())
                .entity(license).build();
    }

    @GET
    @Path("{id}")
    public LicenseView get(@PathParam("id") UUID id) {
        return licenses.find(id);
    }

    /** The licenses of one e-mail, ignoring case. Listing every license is not offered: the registry is large. */
    @GET
    public List<LicenseView> byEmail(@QueryParam("email") String email) {
        if (email == null || email.isBlank()) {
            throw ProblemException.invalidField("email", "is required");
        }
        if (email.length() > Validation.EMAIL_MAX) {
            throw ProblemException.invalidField("email", "must be at most " + Validation.EMAIL_MAX + " characters");
        }
        return licenses.findByEmail(email);
    }

    @PUT
    @Path("{id}/enterprise-support")
    public LicenseView confirmEnterpriseSupport(@PathParam("id") UUID id,
                                                @NotNull @Valid EnterpriseSupportWindow body) {
        return licenses.confirmEnterpriseSupport(id, body);
    }

    @DELETE
    @Path("{id}/enterprise-support")
    public LicenseView cancelEnterpriseSupport(@PathParam("id") UUID id) {
        return licenses.cancelEnterpriseSupport(id);
    }
}
