package io.slaplatform.slaclock.service;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.slaplatform.testkit.quarkus.KafkaTestResource;
import io.slaplatform.testkit.quarkus.MetricsContract;
import io.slaplatform.testkit.quarkus.PostgresSchemaTestResource;
import java.util.List;

import static io.restassured.RestAssured.given;

/**
 * The Prometheus metrics at {@code /q/metrics} (see {@link MetricsContract}); a started SLA clock makes the SLA
 * metrics that appear only once something happened ({@code sla_events_emitted_total}, {@code sla_cycles_running})
 * show. SlaClockFlowTest asserts their values.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresSchemaTestResource.class)
class MetricsTest extends MetricsContract {

    @Override
    protected String callOwnEndpoint() {
        given().when().get("/calendars").then().statusCode(200);
        return "/calendars";
    }

    @Override
    protected List<String> consumedTopics() {
        return List.of("support.requests", "support.eligibility");
    }

    @Override
    protected void produceActivity() {
        new SlaFlow().awaitClockConsuming();
    }
}
