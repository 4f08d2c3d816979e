package io.slaplatform.events;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/** How an event travels: a Kafka record in CloudEvents binary mode. Used by every producer, tests included. */
public final class CloudEventRecords {

    private CloudEventRecords() {
    }

    /**
     * A record for an event already encoded, e.g. read back from an outbox.
     *
     * @param eventId the {@code ce_id}
     * @param source  the {@code ce_source}, e.g. {@code /intake-service}
     */
    public static ProducerRecord<String, String> record(String topic, String key, UUID eventId, String ceType,
                                                        String source, Instant occurredAt, String payload) {
        RecordHeaders headers = new RecordHeaders();
        add(headers, CloudEventHeaders.ID, eventId.toString());
        add(headers, CloudEventHeaders.TYPE, ceType);
        add(headers, CloudEventHeaders.SOURCE, source);
        add(headers, CloudEventHeaders.TIME, DateTimeFormatter.ISO_INSTANT.format(occurredAt));
        add(headers, CloudEventHeaders.SPEC_VERSION, CloudEventHeaders.SPEC_VERSION_1_0);
        add(headers, CloudEventHeaders.SUBJECT, key);
        add(headers, CloudEventHeaders.CONTENT_TYPE, CloudEventHeaders.JSON);
        return new ProducerRecord<>(topic, null, key, payload, headers);
    }

    /** A record for an event object. */
    public static ProducerRecord<String, String> record(DomainEvent event, UUID eventId, String source) {
        EventType type = event.type();
        return record(type.topic(), event.key(), eventId, type.ceType(), source, event.occurredAt(),
                EventCodec.encode(event));
    }

    private static void add(RecordHeaders headers, String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
