package io.slaplatform.runtime.messaging;

import io.agroal.api.AgroalDataSource;
import io.slaplatform.events.DomainEvent;
import io.slaplatform.events.EventType;
import io.slaplatform.events.RequestSubmitted;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * A test-only listener on {@code test.parking}, built like the services' listeners: its handler records each
 * request in {@code handled_event}, then fails as the test scripted for that request (after its insert, so a
 * failure must roll the insert back).
 */
@ApplicationScoped
public class ScriptedListener {

    static final Set<EventType> HANDLED = Set.of(EventType.REQUEST_SUBMITTED);

    /** What the handler does for a request. */
    enum Script { FAIL_ONCE, FAIL_UNTIL_FIXED }

    private final IdempotentConsumer consumer;
    private final AgroalDataSource dataSource;
    private final Map<UUID, Script> scripts = new ConcurrentHashMap<>();
    private final Map<UUID, AtomicInteger> runs = new ConcurrentHashMap<>();

    ScriptedListener(IdempotentConsumer consumer, AgroalDataSource dataSource) {
        this.consumer = consumer;
        this.dataSource = dataSource;
    }

    @Incoming("test-parking")
    @Blocking
    public void onRecord(ConsumerRecord<String, String> record) {
        consumer.consume(record, HANDLED, this::handle);
    }

    /** The handler, also for replays. */
    void handle(IncomingEvent event, DomainEvent payload) {
        UUID requestId = ((RequestSubmitted) payload).requestId();
        int run = runs.computeIfAbsent(requestId, id -> new AtomicInteger()).incrementAndGet();
        try (Connection c = dataSource.getConnection(); PreparedStatement insert = c.prepareStatement(
                "INSERT INTO handled_event (request_id, ce_id) VALUES (?, ?)")) {
            insert.setObject(1, requestId);
            insert.setString(2, event.id());
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot record request " + requestId, e);
        }
        Script script = scripts.get(requestId);
        boolean fail = false;
        if (script == Script.FAIL_ONCE) {
            fail = run == 1;
        } else if (script == Script.FAIL_UNTIL_FIXED) {
            fail = true;
        }
        if (fail) {
            throw new IllegalStateException("Scripted failure for request " + requestId + " (run " + run + ")");
        }
    }

    void script(UUID requestId, Script script) {
        scripts.put(requestId, script);
    }

    void fix(UUID requestId) {
        scripts.remove(requestId);
    }

    /** How often the handler ran for a request, failed runs included. */
    int runs(UUID requestId) {
        AtomicInteger count = runs.get(requestId);
        return count == null ? 0 : count.get();
    }
}
