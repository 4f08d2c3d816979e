package io.slaplatform.notifier;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.slaplatform.testkit.quarkus.KafkaTestResource;
import io.slaplatform.testkit.quarkus.MetricsContract;
import io.slaplatform.testkit.quarkus.PostgresSchemaTestResource;
import io.slaplatform.testkit.security.TestTokens;
import java.util.List;

import static io.restassured.RestAssured.given;

/** The Prometheus metrics at {@code /q/metrics} (see {@link MetricsContract}); MailMetricsTest covers the mail ones. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresSchemaTestResource.class)
class MetricsTest extends MetricsContract {

    @Override
    protected String callOwnEndpoint() {
        given().auth().oauth2(TestTokens.admin()).when().get("/mails/parked").then().statusCode(200);
        return "/mails/parked";
    }

    @Override
    protected List<String> consumedTopics() {
        return List.of("support.requests", "support.eligibility", "support.licenses", "sla.clock",
                "sla.deadline-approaching", "sla.breached");
    }
}
