package io.slaplatform.intake;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.slaplatform.testkit.AsyncApiContract;
import io.slaplatform.testkit.EventLog;
import io.slaplatform.testkit.ReceivedEvent;
import io.slaplatform.testkit.TraceParents;
import io.slaplatform.testkit.quarkus.KafkaTestResource;
import io.slaplatform.testkit.quarkus.PostgresSchemaTestResource;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

import static io.slaplatform.intake.IntakeTestSupport.asFormBackend;
import static io.slaplatform.intake.IntakeTestSupport.submit;
import static io.slaplatform.intake.IntakeTestSupport.validRequest;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The trace of a web form post goes on in the event it emits: the HTTP server span continues the caller's
 * {@code traceparent}, the outbox row keeps the span's context, and the relay sends it as a Kafka header.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresSchemaTestResource.class)
class TracePropagationTest {

    private final EventLog events = KafkaTestResource.events();

    @Test
    void requestSubmittedCarriesTheTraceOfThePost() {
        String caller = TraceParents.random();

        String id = asFormBackend().header(TraceParents.HEADER, caller).contentType(ContentType.JSON)
                .body(validRequest()).when().post("/requests").then().statusCode(201).extract().path("id");

        ReceivedEvent event = events.await(id, "RequestSubmitted", Duration.ofSeconds(10));
        assertThat(TraceParents.traceId(event.traceParent())).isEqualTo(TraceParents.traceId(caller));
        // the parent is the service's own server span, not the caller's
        assertThat(TraceParents.spanId(event.traceParent())).isNotEqualTo(TraceParents.spanId(caller));
        assertThat(event.traceParent()).endsWith("-01");
        AsyncApiContract.load().assertConforms(List.of(event)); // the extra header keeps the contract
    }

    @Test
    void traceStateTravelsWithTheTraceUnlessTooLongToKeep() {
        String caller = TraceParents.random();
        String kept = events.await(postTraced(caller, "vendor=abc"), "RequestSubmitted", Duration.ofSeconds(10))
                .headers().get("tracestate");
        ReceivedEvent oversized = events.await(postTraced(caller, "vendor=" + "a".repeat(600)), "RequestSubmitted",
                Duration.ofSeconds(10));

        assertThat(kept).isEqualTo("vendor=abc");
        assertThat(oversized.headers()).doesNotContainKey("tracestate"); // dropped, the request still accepted
        assertThat(TraceParents.traceId(oversized.traceParent())).isEqualTo(TraceParents.traceId(caller));
    }

    private static String postTraced(String traceParent, String traceState) {
        return asFormBackend().header(TraceParents.HEADER, traceParent).header("tracestate", traceState)
                .contentType(ContentType.JSON).body(validRequest()).when().post("/requests").then().statusCode(201)
                .extract().path("id");
    }

    @Test
    void postWithoutTraceStartsANewTrace() {
        String first = events.await(submit(validRequest()), "RequestSubmitted", Duration.ofSeconds(10)).traceParent();
        String second = events.await(submit(validRequest()), "RequestSubmitted", Duration.ofSeconds(10))
                .traceParent();

        assertThat(TraceParents.traceId(first)).isNotEqualTo(TraceParents.traceId(second));
    }
}
