package io.slaplatform.eligibility;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.slaplatform.testkit.quarkus.EndpointSecurityContract;
import io.slaplatform.testkit.quarkus.KafkaTestResource;
import io.slaplatform.testkit.quarkus.PostgresSchemaTestResource;
import java.util.Map;
import java.util.Set;

import static io.slaplatform.runtime.security.Roles.ADMIN;

/** Licenses, add-ons and parked events are for administrators only. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresSchemaTestResource.class)
class EligibilitySecurityTest extends EndpointSecurityContract {

    @Override
    protected Map<String, Set<String>> access() {
        return Map.of(
                "POST /licenses", Set.of(ADMIN),
                "GET /licenses", Set.of(ADMIN),
                "GET /licenses/{id}", Set.of(ADMIN),
                "PUT /licenses/{id}/enterprise-support", Set.of(ADMIN),
                "PUT /licenses/{id}/country", Set.of(ADMIN),
                "DELETE /licenses/{id}/enterprise-support", Set.of(ADMIN));
    }

    @Override
    protected String attackedEndpoint() {
        return "PUT /licenses/{id}/enterprise-support";
    }
}
