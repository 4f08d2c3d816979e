package io.slaplatform.runtime.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.slaplatform.events.EventType;
import io.slaplatform.events.MalformedEventException;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.jboss.logging.Logger;

/**
 * The service's parked events ({@code parked_event}): consumed records whose handler kept failing while the
 * database answered. {@link IdempotentConsumer} parks them; {@link #replay} runs the handler for one again once
 * its cause is fixed. Operators list and replay them through {@code /admin/parked-events} (see the README,
 * "Parked events").
 */
@ApplicationScoped
public class ParkedEvents {

    private static final Logger LOG = Logger.getLogger(ParkedEvents.class);

    private static final String INSERT = """
            INSERT INTO parked_event (topic, record_partition, record_offset, record_key, record_timestamp, ce_id,
                ce_type, ce_source, ce_time, headers, payload, error_class, error_message, error_stack, attempts,
                first_failed_at, last_failed_at, parked_at, unreadable)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, CAST(? AS jsonb), ?, ?, ?, ?, ?, ?, ?, ?, ?)
            RETURNING id""";
    private static final String SELECT = """
            SELECT ce_id, ce_type, ce_source, ce_time, record_key, payload, unreadable, topic, record_partition,
                record_offset, headers::text FROM parked_event WHERE id = ?""";
    private static final String SUMMARY = """
            SELECT id, topic, record_partition, record_offset, record_key, ce_id, ce_type, ce_time, error_class,
                attempts, first_failed_at, last_failed_at, parked_at, unreadable FROM parked_event""";
    private static final String DELETE = "DELETE FROM parked_event WHERE id = ?";
    private static final String REPLAY_FAILED = """
            UPDATE parked_event SET attempts = attempts + 1, last_failed_at = ?, error_class = ?, error_message = ?,
                error_stack = ?
            WHERE id = ?""";

    private final AgroalDataSource dataSource;
    private final ConsumedEventLog consumed;
    private final Clock clock;

    ParkedEvents(AgroalDataSource dataSource, ConsumedEventLog consumed, Clock clock) {
        this.dataSource = dataSource;
        this.consumed = consumed;
        this.clock = clock;
    }

    /** Why a record is parked: its last failure, and the handler runs that failed. */
    record Failure(RuntimeException last, int attempts, Instant firstFailedAt, Instant lastFailedAt) {
    }

    /**
     * Parks a record in a transaction of its own, which also records its {@code ce_id} as consumed.
     *
     * @param event      the record read as an event; for an unreadable record, what {@link IncomingEvent#salvage}
     *                   could read of it
     * @param unreadable whether the record could not be read ({@link IncomingEvent#from} or the payload's decoding
     *                   failed): a replay then reads it again from its stored headers and payload
     * @return the parked row's id; empty when the {@code ce_id} has been consumed meanwhile (another instance
     *         applied or parked it after a rebalance), so there is nothing to park
     * @throws RuntimeException when the transaction fails, e.g. the database is unreachable
     */
    OptionalLong park(ConsumerRecord<String, String> record, IncomingEvent event, Failure failure,
                      boolean unreadable) {
        return QuarkusTransaction.requiringNew().call(() -> {
            if (!consumed.firstDelivery(event)) {
                return OptionalLong.empty();
            }
            try (Connection c = dataSource.getConnection(); PreparedStatement insert = c.prepareStatement(INSERT)) {
                int i = 0;
                insert.setString(++i, record.topic());
                insert.setInt(++i, record.partition());
                insert.setLong(++i, record.offset());
                insert.setString(++i, Failures.text(record.key()));
                insert.setTimestamp(++i, record.timestamp() < 0 ? null : new Timestamp(record.timestamp()));
                insert.setString(++i, Failures.text(event.id()));
                insert.setString(++i, Failures.text(event.ceType()));
                insert.setString(++i, Failures.text(event.source()));
                insert.setTimestamp(++i, Timestamp.from(event.time()));
                insert.setString(++i, headers(record));
                insert.setString(++i, Failures.text(event.payload()));
                insert.setString(++i, failure.last().getClass().getName());
                insert.setString(++i, Failures.text(failure.last().getMessage()));
                insert.setString(++i, Failures.stackTrace(failure.last()));
                insert.setInt(++i, failure.attempts());
                insert.setTimestamp(++i, Timestamp.from(failure.firstFailedAt()));
                insert.setTimestamp(++i, Timestamp.from(failure.lastFailedAt()));
                insert.setTimestamp(++i, Timestamp.from(clock.instant()));
                insert.setBoolean(++i, unreadable);
                try (ResultSet r = insert.executeQuery()) {
                    r.next();
                    return OptionalLong.of(r.getLong(1));
                }
            } catch (SQLException e) {
                throw new IllegalStateException("Cannot park event " + event.id(), e);
            }
        });
    }

    /**
     * Runs {@code handler} for a parked event again, as the consumer would have: in one transaction, which also
     * deletes the parked row, so the event's effect and the end of its parking commit together. The
     * {@code ce_id} stays in the consumed-event log, so a redelivery of the record is still skipped. Concurrent
     * replays of one event run one after the other and the second finds nothing to replay.
     *
     * <p>The caller picks the handler by the parked event's topic: the one its listener passes to
     * {@link IdempotentConsumer#consume} for that topic (see {@link ParkedEventHandlers}).
     *
     * @param id      {@code parked_event.id}
     * @param handled the event types {@code handler} applies
     * @return true when the event was applied and its row deleted; false when there is no such parked event
     *         (already replayed, or deleted by an operator)
     * @throws IllegalArgumentException when the parked event's type is not one of {@code handled}; nothing changes
     * @throws ReplayFailedException    when the handler failed again, or an unreadable record still cannot be read:
     *                                  its effects are rolled back, the row stays with one more attempt and this
     *                                  failure as its error
     */
    public boolean replay(long id, Set<EventType> handled, EventHandler handler) {
        Optional<IncomingEvent> parked;
        try {
            parked = QuarkusTransaction.requiringNew().call(() -> load(id, false));
        } catch (MalformedEventException stillUnreadable) {
            throw failedAgain(id, stillUnreadable, "unreadable record");
        }
        if (parked.isEmpty()) {
            return false;
        }
        if (parked.get().type().filter(handled::contains).isEmpty()) {
            throw new IllegalArgumentException("Parked event " + id + " is a " + parked.get().ceType()
                    + ", not one of " + handled);
        }
        try {
            boolean replayed = QuarkusTransaction.requiringNew().call(() -> {
                Optional<IncomingEvent> locked = load(id, true);
                if (locked.isEmpty()) {
                    return false; // replayed or deleted since it was read
                }
                IncomingEvent event = locked.get();
                // An unreadable record parked under its position: its own ce_id may have been applied since (a
                // corrected record); then there is nothing left to do but end its parking.
                if (consumedSince(id, event)) {
                    LOG.infof("Parked event %d: %s %s was applied meanwhile; its parking ends", id,
                            event.ceType(), event.id());
                } else {
                    handler.handle(event, event.decode());
                }
                update(DELETE, id);
                return true;
            });
            if (replayed) {
                LOG.infof("Replayed parked event %d (%s %s)", id, parked.get().ceType(), parked.get().id());
            }
            return replayed;
        } catch (RuntimeException e) {
            throw failedAgain(id, e, parked.get().ceType() + " " + parked.get().id());
        }
    }

    /** Records a failed replay on the parked row and says so. */
    private ReplayFailedException failedAgain(long id, RuntimeException e, String what) {
        try {
            QuarkusTransaction.requiringNew().run(() -> update(REPLAY_FAILED, Timestamp.from(clock.instant()),
                    e.getClass().getName(), Failures.text(e.getMessage()), Failures.stackTrace(e), id));
        } catch (RuntimeException recordFailure) {
            e.addSuppressed(recordFailure);
        }
        LOG.warnf("Replaying parked event %d (%s) failed again with %s; it stays parked", id, what,
                e.getClass().getName());
        return new ReplayFailedException(id, e);
    }

    /**
     * For a record parked as unreadable and now read: whether its {@code ce_id} has been consumed since (else it
     * is recorded as consumed now, in the replay's transaction).
     */
    private boolean consumedSince(long id, IncomingEvent event) {
        return unreadable(id) && !consumed.firstDelivery(event);
    }

    private boolean unreadable(long id) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement select = c.prepareStatement("SELECT unreadable FROM parked_event WHERE id = ?")) {
            select.setLong(1, id);
            try (ResultSet r = select.executeQuery()) {
                return r.next() && r.getBoolean(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read parked event " + id, e);
        }
    }

    /**
     * What an operator sees of a parked event: where it came from and why it failed; not its payload.
     * {@code unreadable}: the record could not be read at all (its {@code ceId} is then its position); a replay
     * reads it again from its stored headers and payload.
     */
    public record Summary(long id, String topic, int partition, long offset, String key, String ceId, String ceType,
                          Instant ceTime, String errorClass, int attempts, Instant firstFailedAt,
                          Instant lastFailedAt, Instant parkedAt, boolean unreadable) {
    }

    /** The oldest {@code limit} parked events, oldest first. */
    public List<Summary> list(int limit) {
        try (Connection c = dataSource.getConnection(); PreparedStatement select = c.prepareStatement(SUMMARY
                + " ORDER BY id LIMIT ?")) {
            select.setInt(1, limit);
            return summaries(select);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot list parked events", e);
        }
    }

    /** One parked event, if it is (still) parked. */
    public Optional<Summary> find(long id) {
        try (Connection c = dataSource.getConnection(); PreparedStatement select = c.prepareStatement(SUMMARY
                + " WHERE id = ?")) {
            select.setLong(1, id);
            return summaries(select).stream().findFirst();
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read parked event " + id, e);
        }
    }

    private static List<Summary> summaries(PreparedStatement select) throws SQLException {
        List<Summary> found = new ArrayList<>();
        try (ResultSet r = select.executeQuery()) {
            while (r.next()) {
                found.add(new Summary(r.getLong(1), r.getString(2), r.getInt(3), r.getLong(4), r.getString(5),
                        r.getString(6), r.getString(7), r.getTimestamp(8).toInstant(), r.getString(9), r.getInt(10),
                        r.getTimestamp(11).toInstant(), r.getTimestamp(12).toInstant(),
                        r.getTimestamp(13).toInstant(), r.getBoolean(14)));
            }
        }
        return found;
    }

    /** A replayed event's handler failed again; the event stays parked. */
    public static class ReplayFailedException extends RuntimeException {
        private final long parkedEventId;

        ReplayFailedException(long parkedEventId, RuntimeException cause) {
            super("Replaying parked event " + parkedEventId + " failed; it stays parked", cause);
            this.parkedEventId = parkedEventId;
        }

        public long parkedEventId() {
            return parkedEventId;
        }
    }

    private Optional<IncomingEvent> load(long id, boolean lock) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement select = c.prepareStatement(lock ? SELECT + " FOR UPDATE" : SELECT)) {
            select.setLong(1, id);
            try (ResultSet r = select.executeQuery()) {
                if (!r.next()) {
                    return Optional.empty();
                }
                if (r.getBoolean(7)) {
                    // read again from the record as it came: what this version makes of it now
                    return Optional.of(IncomingEvent.from(record(r.getString(8), r.getInt(9), r.getLong(10),
                            r.getString(5), r.getString(6), r.getString(11))));
                }
                return Optional.of(new IncomingEvent(r.getString(1), r.getString(2), r.getString(3),
                        r.getTimestamp(4).toInstant(), r.getString(5), r.getString(6)));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read parked event " + id, e);
        }
    }

    private int update(String sql, Object... parameters) {
        try (Connection c = dataSource.getConnection(); PreparedStatement statement = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot update parked events", e);
        }
    }

    /** A record as it was parked: {@code headers} as {@link #headers} wrote them. */
    private static ConsumerRecord<String, String> record(String topic, int partition, long offset, String key,
                                                         String payload, String headers) {
        ConsumerRecord<String, String> record = new ConsumerRecord<>(topic, partition, offset, key, payload);
        try {
            JsonNode json = JSON.readTree(headers);
            json.fields().forEachRemaining(field -> {
                List<JsonNode> values = new ArrayList<>();
                if (field.getValue().isArray()) {
                    field.getValue().forEach(values::add);
                } else {
                    values.add(field.getValue());
                }
                values.forEach(value -> record.headers().add(field.getKey(), value.isNull() ? null
                        : value.isObject() ? Base64.getDecoder().decode(value.path("base64").asText())
                        : value.asText().getBytes(StandardCharsets.UTF_8)));
            });
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("Stored headers are not JSON", e);
        }
        return record;
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Every header as JSON: name to value; a repeated name to an array; non-UTF-8 bytes as {"base64": ...}. */
    static String headers(ConsumerRecord<?, ?> record) {
        Map<String, List<JsonNode>> byName = new LinkedHashMap<>();
        for (Header header : record.headers()) {
            byName.computeIfAbsent(Failures.text(header.key()), name -> new ArrayList<>())
                    .add(headerValue(header.value()));
        }
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        byName.forEach((name, values) -> {
            if (values.size() == 1) {
                json.set(name, values.get(0));
            } else {
                json.putArray(name).addAll(values);
            }
        });
        return json.toString();
    }

    private static JsonNode headerValue(byte[] bytes) {
        if (bytes == null) {
            return JsonNodeFactory.instance.nullNode();
        }
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
            if (text.indexOf('\u0000') < 0) {
                return JsonNodeFactory.instance.textNode(text);
            }
        } catch (CharacterCodingException e) {
            // not text: base64 below
        }
        return JsonNodeFactory.instance.objectNode().put("base64", Base64.getEncoder().encodeToString(bytes));
    }
}
