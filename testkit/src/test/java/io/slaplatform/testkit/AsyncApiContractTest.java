package io.slaplatform.testkit;

import io.slaplatform.events.CloudEventRecords;
import io.slaplatform.events.EventType;
import io.slaplatform.events.RequestResolved;
import io.slaplatform.events.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** docs/asyncapi.yaml and the code's one definition of events agree, and the checker catches violations. */
class AsyncApiContractTest {

    private final AsyncApiContract contract = AsyncApiContract.load();

    @Test
    void everyTopicIsAChannelAndEveryEventTypeIsAMessageOfItsTopic() {
        Map<String, Set<String>> documented = contract.documentedMessages();
        assertThat(documented.keySet()).containsExactlyInAnyOrderElementsOf(Topics.ALL);
        Map<String, Set<String>> inCode = Arrays.stream(EventType.values()).collect(Collectors.groupingBy(
                EventType::topic, Collectors.mapping(EventType::ceType, Collectors.toSet())));
        inCode.forEach((topic, types) -> assertThat(documented.get(topic)).as(topic).isEqualTo(types));
        documented.forEach((topic, types) -> assertThat(types).as(topic)
                .isEqualTo(inCode.getOrDefault(topic, Set.of())));
    }

    private static ReceivedEvent received(ProducerRecord<String, String> record) {
        Map<String, String> headers = new LinkedHashMap<>();
        record.headers().forEach(h -> headers.put(h.key(), new String(h.value(), StandardCharsets.UTF_8)));
        return new ReceivedEvent(record.topic(), 0, 0, record.key(), headers, record.value(), 0);
    }

    @Test
    void aConformingRecordHasNoViolations() {
        RequestResolved event = new RequestResolved(UUID.randomUUID(), Instant.parse("2026-11-27T10:00:00Z"));
        assertThat(contract.violations(received(CloudEventRecords.record(event, UUID.randomUUID(), "/t")))).isEmpty();
    }

    static java.util.stream.Stream<io.slaplatform.events.DomainEvent> slaEvents() {
        UUID id = UUID.randomUUID();
        Instant t = Instant.parse("2026-11-27T10:00:00Z");
        java.time.Duration d = java.time.Duration.ofMinutes(30);
        return java.util.stream.Stream.of(
                new io.slaplatform.events.ClockStarted(id, 1, io.slaplatform.events.Impact.CRITICAL, "swiss",
                        java.time.Duration.ofHours(2), t, t.plusSeconds(7200)),
                new io.slaplatform.events.DeadlineApproaching(id, 1, io.slaplatform.events.Impact.CRITICAL, "swiss",
                        0.75, d, t.plusSeconds(1800), t),
                new io.slaplatform.events.Breached(id, 1, io.slaplatform.events.Impact.CRITICAL, "swiss", t),
                new io.slaplatform.events.ResponseDeadlineMet(id, 1, io.slaplatform.events.Impact.MAJOR, "us-pacific",
                        t, t.minusSeconds(60), d),
                new io.slaplatform.events.ResponseLate(id, 2, io.slaplatform.events.Impact.MAJOR, "us-pacific",
                        t, t.plusSeconds(60), d, d),
                new io.slaplatform.events.DeadlineChanged(id, 1, io.slaplatform.events.Impact.MAJOR,
                        io.slaplatform.events.Impact.CRITICAL, t.plusSeconds(14400), t.plusSeconds(7200),
                        io.slaplatform.events.ReclassificationPolicy.RETROACTIVE, t));
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.MethodSource("slaEvents")
    void slaEventsAsEncodedConformToTheContract(io.slaplatform.events.DomainEvent event) {
        assertThat(contract.violations(received(CloudEventRecords.record(event, UUID.randomUUID(), "/sla-clock-service"))))
                .isEmpty();
    }

    @Test
    void violationsAreReported() {
        UUID id = UUID.randomUUID();
        // payload lacks resolvedAt, key is not the requestId, and the type is published on the wrong topic
        assertThat(contract.violations(received(CloudEventRecords.record(Topics.SUPPORT_REQUESTS, "other-key",
                UUID.randomUUID(), "RequestResolved", "/t", Instant.now(), "{\"requestId\":\"" + id + "\"}"))))
                .anyMatch(v -> v.contains("resolvedAt"))
                .anyMatch(v -> v.contains("key other-key"));
        assertThat(contract.violations(received(CloudEventRecords.record(Topics.SUPPORT_LICENSES, id.toString(),
                UUID.randomUUID(), "RequestResolved", "/t", Instant.now(), "{}"))))
                .containsExactly("ce_type RequestResolved is not a documented message of support.licenses");
    }
}
