package io.slaplatform.eligibility;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.slaplatform.events.CloudEventRecords;
import io.slaplatform.events.Impact;
import io.slaplatform.events.RequestSubmitted;
import io.slaplatform.testkit.EventLog;
import io.slaplatform.testkit.ReceivedEvent;
import io.slaplatform.testkit.TraceParents;
import io.slaplatform.testkit.quarkus.KafkaTestResource;
import io.slaplatform.testkit.quarkus.PostgresSchemaTestResource;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import static io.slaplatform.eligibility.EligibilityTestSupport.uniqueEmail;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A decision continues the trace of the request it decides: the consumer span takes the {@code traceparent} of
 * the consumed record as its parent, and the decision recorded in it carries the same trace to Kafka.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresSchemaTestResource.class)
class TracePropagationTest {

    private final EventLog events = KafkaTestResource.events();

    @Test
    void decisionCarriesTheTraceOfTheRequest() {
        String upstream = TraceParents.random();
        RequestSubmitted request = new RequestSubmitted(UUID.randomUUID(), uniqueEmail(), "jane.doe@customer.example",
                Impact.MAJOR, "Processing stalls", "Every project stops at densification.", "CH", "en",
                Instant.parse("2026-03-10T12:00:00Z"));
        ProducerRecord<String, String> record = CloudEventRecords.record(request, UUID.randomUUID(),
                "/intake-service");
        record.headers().add(TraceParents.HEADER, upstream.getBytes(StandardCharsets.UTF_8));
        KafkaTestResource.publish(record);

        ReceivedEvent decision = events.await(request.requestId().toString(), "RequestRejected",
                Duration.ofSeconds(30));
        assertThat(TraceParents.traceId(decision.traceParent())).isEqualTo(TraceParents.traceId(upstream));
        assertThat(TraceParents.spanId(decision.traceParent())).isNotEqualTo(TraceParents.spanId(upstream));
    }
}
