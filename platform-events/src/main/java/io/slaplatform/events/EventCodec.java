package io.slaplatform.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * JSON encoding of event payloads: ISO-8601 instants and durations, unknown properties ignored (so older consumers read
 * newer producers' events). Thread-safe.
 */
public final class EventCodec {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private EventCodec() {
    }

    /** The payload as JSON text. */
    public static String encode(DomainEvent event) {
        try {
            return MAPPER.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot encode " + event.getClass().getSimpleName(), e);
        }
    }

    /**
     * Decodes a payload of the given type.
     *
     * @throws MalformedEventException when the JSON does not match the type
     */
    public static <T extends DomainEvent> T decode(String json, Class<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new MalformedEventException("Malformed " + type.getSimpleName() + " payload: "
                    + e.getOriginalMessage(), e);
        }
    }

    /** The mapper used for events, for callers that need a tree view. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }
}
