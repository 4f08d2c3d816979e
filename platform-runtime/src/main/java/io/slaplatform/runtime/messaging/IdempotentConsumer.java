package io.slaplatform.runtime.messaging;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.slaplatform.events.DomainEvent;
import io.slaplatform.events.EventType;
import io.slaplatform.events.MalformedEventException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;

/**
 * The transport side of every listener: reads the CloudEvents attributes, skips types the service does not
 * handle and records it cannot read, and runs the handler exactly once per {@code ce_id} in one transaction
 * with the consumed-event log. Transient failures are retried with back-off; when they persist the exception
 * propagates, the channel fails and readiness reports it, and the record is consumed again after a restart.
 */
@ApplicationScoped
public class IdempotentConsumer {

    private static final Logger LOG = Logger.getLogger(IdempotentConsumer.class);
    private static final int ATTEMPTS = 8;
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(100);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    private final ConsumedEventLog log;

    IdempotentConsumer(ConsumedEventLog log) {
        this.log = log;
    }

    /**
     * Consumes one record.
     *
     * @param handled the event types {@code handler} applies; others are acknowledged and ignored
     * @return true when the handler ran, false for a skipped, duplicate or unreadable record
     */
    public boolean consume(ConsumerRecord<String, String> record, Set<EventType> handled, EventHandler handler) {
        IncomingEvent event;
        DomainEvent payload;
        try {
            event = IncomingEvent.from(record);
            if (event.type().filter(handled::contains).isEmpty()) {
                return false;
            }
            payload = event.decode();
        } catch (MalformedEventException e) {
            // Retrying cannot mend it; log where it is so it can be inspected, and move on.
            LOG.errorf("Skipping unreadable record %s-%d@%d: %s", record.topic(), record.partition(),
                    record.offset(), e.getMessage());
            return false;
        }
        Duration backoff = FIRST_BACKOFF;
        for (int attempt = 1; ; attempt++) {
            try {
                return QuarkusTransaction.requiringNew().call(() -> {
                    if (!log.firstDelivery(event)) {
                        LOG.debugf("Skipping duplicate %s %s", event.ceType(), event.id());
                        return false;
                    }
                    handler.handle(event, payload);
                    return true;
                });
            } catch (RuntimeException e) {
                if (attempt >= ATTEMPTS) {
                    throw e;
                }
                LOG.warnf("Handling %s %s failed (attempt %d of %d), retrying in %d ms: %s", event.ceType(),
                        event.id(), attempt, ATTEMPTS, backoff.toMillis(), e.toString());
                sleep(backoff);
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            }
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while retrying", e);
        }
    }
}
