package io.slaplatform.eligibility;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.slaplatform.testkit.quarkus.ApiDocsContract;
import io.slaplatform.testkit.quarkus.KafkaTestResource;
import io.slaplatform.testkit.quarkus.PostgresSchemaTestResource;

/** Eligibility's OpenAPI document and Swagger UI, as the shared contract requires them. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresSchemaTestResource.class)
class EligibilityApiDocsTest extends ApiDocsContract {
}
