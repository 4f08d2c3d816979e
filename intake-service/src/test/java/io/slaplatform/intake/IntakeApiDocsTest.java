package io.slaplatform.intake;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.slaplatform.testkit.quarkus.ApiDocsContract;
import io.slaplatform.testkit.quarkus.KafkaTestResource;
import io.slaplatform.testkit.quarkus.PostgresSchemaTestResource;
import java.util.Set;

/** Intake's OpenAPI document and Swagger UI, as the shared contract requires them. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresSchemaTestResource.class)
class IntakeApiDocsTest extends ApiDocsContract {

    /** Any well-formed backend id has a (possibly empty) list of keys and may be issued one. */
    @Override
    protected Set<String> withoutNotFound() {
        return Set.of("GET /form-backends/{backendId}/api-keys", "POST /form-backends/{backendId}/api-keys");
    }
}
