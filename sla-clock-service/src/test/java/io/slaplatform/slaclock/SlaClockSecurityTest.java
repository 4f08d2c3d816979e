package io.slaplatform.slaclock;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.slaplatform.testkit.quarkus.EndpointSecurityContract;
import io.slaplatform.testkit.quarkus.KafkaTestResource;
import io.slaplatform.testkit.quarkus.PostgresSchemaTestResource;
import java.util.Map;
import java.util.Set;

import static io.slaplatform.runtime.security.Roles.AGENT;
import static io.slaplatform.runtime.security.Roles.LEAD;

/**
 * Tickets' SLAs are for staff (agents their ticket's deadline, leads the queue and its live feed), attainment
 * reports for leads, parked events for administrators; the preview and the calendars are public, so web forms can
 * show them.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresSchemaTestResource.class)
class SlaClockSecurityTest extends EndpointSecurityContract {

    @Override
    protected Map<String, Set<String>> access() {
        return Map.of(
                "GET /sla", Set.of(AGENT, LEAD),
                "GET /sla/{requestId}", Set.of(AGENT, LEAD),
                "GET /sla/events", Set.of(AGENT, LEAD),
                "GET /sla/settings", Set.of(AGENT, LEAD),
                "GET /sla/reports/attainment", Set.of(LEAD),
                "GET /sla/reports/breaches", Set.of(LEAD),
                "GET /sla/preview", PUBLIC,
                "GET /calendars", PUBLIC,
                "GET /calendars/{id}", PUBLIC,
                "GET /calendars/{id}/status", PUBLIC);
    }

    @Override
    protected Set<String> streamingEndpoints() {
        return Set.of("GET /sla/events");
    }

    @Override
    protected String attackedEndpoint() {
        return "GET /sla";
    }

    @Override
    protected String pathParameter(String endpoint, String name) {
        return endpoint.startsWith("GET /calendars/") ? "swiss" : super.pathParameter(endpoint, name);
    }
}
