package io.slaplatform.runtime.messaging;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.slaplatform.events.DomainEvent;
import io.slaplatform.events.EventType;
import io.slaplatform.events.MalformedEventException;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
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

    private final ConsumedEventLog log;
    private final RetryConfig retry;

    IdempotentConsumer(ConsumedEventLog log, RetryConfig retry) {
        this.log = log;
        this.retry = retry;
    }

    /** How a consumer retries a failing handler before giving the failure to the channel. */
    @ConfigMapping(prefix = "consumer.retry")
    public interface RetryConfig {
        /** Attempts in all, the first included. */
        @WithDefault("8")
        int attempts();

        /** Pause after the first failure; doubles after each further one. */
        @WithDefault("100ms")
        Duration initialBackoff();

        /** Longest pause between attempts. */
        @WithDefault("5s")
        Duration maxBackoff();
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
        Duration backoff = retry.initialBackoff();
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
                if (attempt >= retry.attempts()) {
                    throw e;
                }
                LOG.warnf("Handling %s %s failed (attempt %d of %d), retrying in %d ms: %s", event.ceType(),
                        event.id(), attempt, retry.attempts(), backoff.toMillis(), e.toString());
                sleep(backoff);
                Duration doubled = backoff.multipliedBy(2);
                backoff = doubled.compareTo(retry.maxBackoff()) > 0 ? retry.maxBackoff() : doubled;
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
