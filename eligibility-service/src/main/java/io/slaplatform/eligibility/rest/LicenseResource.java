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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The license registry's admin API: licenses and their Enterprise support add-on. Administrators only. */
@Path("/licenses")
@RolesAllowed(Roles.ADMIN)
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Licenses", description = "The license registry and the Enterprise support add-on of each license")
public class LicenseResource {

    private static final String ID = "The license id";
    private static final String NOT_FOUND = "No license has this id";

    private final LicenseService licenses;

    LicenseResource(LicenseService licenses) {
        this.licenses = licenses;
    }

    @POST
    @Operation(summary = "Registers a license",
            description = "The license is active from activatedAt to expiresAt; its Enterprise support add-on is "
                    + "NONE until confirmed.")
    @APIResponse(responseCode = "201", description = "Registered",
            headers = @Header(name = "Location", description = "The license's URL"))
    public Response register(@NotNull @Valid NewLicense body, @Context UriInfo uri) {
        LicenseView license = licenses.register(body);
        return Response.created(uri.getBaseUriBuilder().path("licenses").path(license.id().toString()).build())
                .entity(license).build();
    }

    @GET
    @Path("{id}")
    @Operation(summary = "Reads a license", description = "With its Enterprise support add-on.")
    @APIResponse(responseCode = "200", description = "The license")
    @APIResponse(responseCode = "404", description = NOT_FOUND)
    public LicenseView get(@Parameter(description = ID) @PathParam("id") UUID id) {
        return licenses.find(id);
    }

    /** The licenses of one e-mail, ignoring case. Listing every license is not offered: the registry is large. */
    @GET
    @Operation(summary = "Finds the licenses of an e-mail", description = "Matching the e-mail ignoring case. "
            + "Listing every license is not offered: the registry is large.")
    @APIResponse(responseCode = "200", description = "The licenses of the e-mail (empty when none)")
    public List<LicenseView> byEmail(@Parameter(description = "The license e-mail (required)",
            example = "ops@customer.example") @QueryParam("email") String email) {
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
    @Operation(summary = "Confirms the Enterprise support add-on",
            description = "For the given window; publishes EnterpriseSupportActivated on support.licenses. "
                    + "Confirming the window already confirmed changes nothing and publishes nothing.")
    @APIResponse(responseCode = "200", description = "Confirmed; the license with its add-on")
    @APIResponse(responseCode = "404", description = NOT_FOUND)
    @APIResponse(responseCode = "409", description = "The license can never be eligible with this add-on, the "
            + "problem's type says why: unsupported-product, license-expired, window-outside-license (the window "
            + "must lie inside the license's validity), license-without-country (record it first)")
    public LicenseView confirmEnterpriseSupport(@Parameter(description = ID) @PathParam("id") UUID id,
                                                @NotNull @Valid EnterpriseSupportWindow body) {
        return licenses.confirmEnterpriseSupport(id, body);
    }

    @PUT
    @Path("{id}/country")
    @Operation(summary = "Records the license holder's country",
            description = "ISO 3166-1 alpha-2; it picks the SLA calendar of the license's requests decided from "
                    + "now on. An add-on can only be confirmed on a license that records one.")
    @APIResponse(responseCode = "200", description = "Recorded; the license")
    @APIResponse(responseCode = "404", description = NOT_FOUND)
    public LicenseView recordCountry(@Parameter(description = ID) @PathParam("id") UUID id,
                                     @NotNull @Valid HolderCountry body) {
        return licenses.recordCountry(id, body.country());
    }

    @DELETE
    @Path("{id}/enterprise-support")
    @Operation(summary = "Cancels the Enterprise support add-on",
            description = "From now on; publishes EnterpriseSupportCancelled on support.licenses. Requests "
                    + "submitted before keep the add-on they had.")
    @APIResponse(responseCode = "200", description = "Cancelled; the license with its add-on")
    @APIResponse(responseCode = "404", description = NOT_FOUND)
    @APIResponse(responseCode = "409", description = "The license has no confirmed add-on to cancel")
    public LicenseView cancelEnterpriseSupport(@Parameter(description = ID) @PathParam("id") UUID id) {
        return licenses.cancelEnterpriseSupport(id);
    }
}
