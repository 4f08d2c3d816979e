package io.slaplatform.testkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.slaplatform.events.CloudEventHeaders;
import io.slaplatform.events.DomainEvent;
import io.slaplatform.events.EventCodec;
import java.time.Instant;
import java.util.Map;

/**
 * One record read from Kafka by {@link EventLog}, with its CloudEvents headers.
 *
 * @param timestamp the record's timestamp (create time unless the topic appends)
 */
public record ReceivedEvent(String topic, int partition, long offset, String key, Map<String, String> headers,
                            String payload, long timestamp) {

    public String id() {
        return headers.get(CloudEventHeaders.ID);
    }

    public String type() {
        return headers.get(CloudEventHeaders.TYPE);
    }

    public String source() {
        return headers.get(CloudEventHeaders.SOURCE);
    }

    public Instant time() {
        return Instant.parse(headers.get(CloudEventHeaders.TIME));
    }

    /** The W3C {@code traceparent} header the event was published with, or null (docs/tracing.md). */
    public String traceParent() {
        return headers.get(TraceParents.HEADER);
    }

    /** The payload as a JSON tree. */
    public JsonNode json() {
        try {
            return EventCodec.mapper().readTree(payload);
        } catch (JsonProcessingException e) {
            throw new AssertionError("Payload of " + type() + " is not JSON: " + payload, e);
        }
    }

    /** The payload decoded as the given event class. */
    public <T extends DomainEvent> T as(Class<T> type) {
        return EventCodec.decode(payload, type);
    }
}
