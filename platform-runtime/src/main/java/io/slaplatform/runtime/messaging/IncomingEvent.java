package io.slaplatform.runtime.messaging;

import io.slaplatform.events.CloudEventHeaders;
import io.slaplatform.events.DomainEvent;
import io.slaplatform.events.EventCodec;
import io.slaplatform.events.EventType;
import io.slaplatform.events.MalformedEventException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * A consumed Kafka record read as a CloudEvent (binary mode): its attributes from the headers and its
 * JSON payload.
 *
 * @param id      {@code ce_id}, the de-duplication key
 * @param ceType  {@code ce_type} as sent, possibly a type this version does not know
 * @param source  {@code ce_source}
 * @param time    {@code ce_time}
 * @param key     the record key
 * @param payload the JSON payload
 */
public record IncomingEvent(String id, String ceType, String source, Instant time, String key, String payload) {

    /** The longest {@code ce_id} the consumed-event log holds. */
    static final int MAX_ID_LENGTH = 255;
    // What PostgreSQL's timestamptz holds, with a margin: a parked row must be able to keep the ce_time.
    private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    /**
     * Reads the CloudEvents attributes of a record.
     *
     * @throws MalformedEventException when a required attribute is missing or unreadable
     */
    public static IncomingEvent from(ConsumerRecord<String, String> record) {
        String id = required(record, CloudEventHeaders.ID);
        String type = required(record, CloudEventHeaders.TYPE);
        String source = required(record, CloudEventHeaders.SOURCE);
        String time = required(record, CloudEventHeaders.TIME);
        if (id.length() > MAX_ID_LENGTH || id.indexOf('\u0000') >= 0) {
            // the consumed-event log (and a parked row) could not hold it: it would block its partition
            throw new MalformedEventException("Record at " + record.topic() + "-" + record.partition() + "@"
                    + record.offset() + " has a ce_id that is not a usable id");
        }
        if (record.value() == null) {
            throw new MalformedEventException("Record " + id + " has no payload");
        }
        try {
            Instant at = Instant.parse(time);
            if (at.isBefore(EARLIEST) || at.isAfter(LATEST)) {
                throw new MalformedEventException("Record " + id + " has a ce_time out of range: " + time);
            }
            return new IncomingEvent(id, type, source, at, record.key(), record.value());
        } catch (DateTimeParseException e) {
            throw new MalformedEventException("Record " + id + " has an unreadable ce_time: " + time, e);
        }
    }

    /** What stands for an attribute nothing could be read of, in a record parked as unreadable. */
    static final String UNREADABLE = "unreadable";

    /**
     * What can be read of a record {@link #from} refused, to park it: its {@code id} is the record's position
     * ({@code unreadable:<topic>-<partition>@<offset>}), the same at every redelivery, so the record is parked once,
     * and a corrected record carrying the original {@code ce_id} is still applied; the other attributes are read
     * where they can be ({@value #UNREADABLE} otherwise; the time falls back to the record's timestamp); the payload
     * is the record's value, empty when it has none.
     */
    static IncomingEvent salvage(ConsumerRecord<String, String> record) {
        String id = "unreadable:" + record.topic() + "-" + record.partition() + "@" + record.offset();
        Instant time = record.timestamp() >= 0 ? Instant.ofEpochMilli(record.timestamp()) : Instant.EPOCH;
        String ceTime = optional(record, CloudEventHeaders.TIME);
        if (ceTime != null) {
            try {
                Instant at = Instant.parse(ceTime);
                time = at.isBefore(EARLIEST) || at.isAfter(LATEST) ? time : at;
            } catch (DateTimeParseException e) {
                // the record's timestamp, then
            }
        }
        String type = optional(record, CloudEventHeaders.TYPE);
        String source = optional(record, CloudEventHeaders.SOURCE);
        return new IncomingEvent(id, type == null ? UNREADABLE : type, source == null ? UNREADABLE : source, time,
                record.key(), record.value() == null ? "" : record.value());
    }

    private static String optional(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null || header.value().length == 0 ? null
                : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** The known type of this event; empty when a newer producer sent a type this version ignores. */
    public Optional<EventType> type() {
        return EventType.fromCeType(ceType);
    }

    /** The payload decoded as the class of its type. */
    public DomainEvent decode() {
        EventType known = type().orElseThrow(() -> new MalformedEventException("Unknown event type " + ceType));
        return EventCodec.decode(payload, known.payloadClass());
    }

    private static String required(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        if (header == null || header.value() == null || header.value().length == 0) {
            throw new MalformedEventException("Record at " + record.topic() + "-" + record.partition() + "@"
                    + record.offset() + " lacks the " + name + " header");
        }
        return new String(header.value(), StandardCharsets.UTF_8);
    }
}
