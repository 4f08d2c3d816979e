package io.slaplatform.eligibility;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.slaplatform.testkit.quarkus.KafkaTestResource;
import io.slaplatform.testkit.quarkus.MetricsContract;
import io.slaplatform.testkit.quarkus.PostgresSchemaTestResource;
import io.slaplatform.testkit.security.TestTokens;
import java.util.List;

import static io.restassured.RestAssured.given;

/** The Prometheus metrics at {@code /q/metrics} (see {@link MetricsContract}). */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresSchemaTestResource.class)
class MetricsTest extends MetricsContract {

    @Override
    protected String callOwnEndpoint() {
        given().auth().oauth2(TestTokens.admin()).queryParam("email", "nobody@metrics.example")
                .when().get("/licenses").then().statusCode(200);
        return "/licenses";
    }

    @Override
    protected List<String> consumedTopics() {
        return List.of("support.requests");
    }
}
