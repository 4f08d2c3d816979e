package io.slaplatform.runtime.health;

import io.slaplatform.runtime.security.Roles;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.health.SmallRyeHealth;
import io.smallrye.health.SmallRyeHealthReporter;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The whole health report, with what each check attaches (brokers, channels, data sources): for administrators;
 * anyone gets up or down from {@code /q/health} ({@link PublicHealthRoute}). The same on every service.
 */
@Path("/admin/health")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
@Tag(name = "Health", description = "The health checks with their details")
public class HealthDetailsResource {

    private final SmallRyeHealthReporter reporter;

    HealthDetailsResource(SmallRyeHealthReporter reporter) {
        this.reporter = reporter;
    }

    @GET
    @Blocking
    @Operation(summary = "The health report with each check's details",
            description = "Every check (liveness, readiness, startup) with its status and data, such as the Kafka "
                    + "brokers reached and the state of each messaging channel. 503 when a check is down.")
    @APIResponse(responseCode = "200", description = "Every check is up")
    @APIResponse(responseCode = "503", description = "A check is down; the report says which")
    public Response get() {
        SmallRyeHealth health = reporter.getHealth();
        return Response.status(health.isDown() ? 503 : 200).entity(health.getPayload().toString()).build();
    }
}
