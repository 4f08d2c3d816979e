package io.slaplatform.slaclock;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.slaplatform.testkit.quarkus.ApiDocsContract;
import io.slaplatform.testkit.quarkus.KafkaTestResource;
import io.slaplatform.testkit.quarkus.PostgresSchemaTestResource;

/** The SLA clock's OpenAPI document and Swagger UI, as the shared contract requires them. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresSchemaTestResource.class)
class SlaClockApiDocsTest extends ApiDocsContract {

    /** The SLA clock's API only reads: its input is events. */
    @Override
    protected int minimumRequestBodies() {
        return 0;
    }
}
