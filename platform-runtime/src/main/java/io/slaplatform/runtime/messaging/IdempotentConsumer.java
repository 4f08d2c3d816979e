package io.slaplatform.runtime.messaging;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.slaplatform.events.DomainEvent;
import io.slaplatform.events.EventType;
import io.slaplatform.events.MalformedEventException;
import io.slaplatform.runtime.tracing.TraceContext;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.jboss.logging.Logger;

/**
 * The transport side of every listener: reads the CloudEvents attributes, skips types the service does not
 * handle, parks records it cannot read, and runs the handler exactly once per {@code ce_id} in one transaction
 * with the consumed-event log, inside a CONSUMER span continuing the trace of the record's {@code traceparent}
 * header, so that the events and mails the handler records carry the same trace (docs/tracing.md).
 *
 * <p>A record is acknowledged (so the records behind it on its partition flow) only once it is applied, parked,
 * or known as a duplicate; it is never skipped while its fate is unknown:
 * <ul>
 * <li><b>Transient failure.</b> A failing handler is rolled back and run again after a back-off that doubles
 * from {@code consumer.retry.initial-backoff} up to {@code consumer.retry.max-backoff}.</li>
 * <li><b>Poison record.</b> After {@code consumer.retry.attempts} failed runs while the database answered, the
 * record is <em>parked</em>: stored in {@code parked_event} (topic, partition, offset, key, CloudEvents
 * attributes, every header, the payload, the error, attempts, first and last failure) in a transaction of its
 * own that also records its {@code ce_id} as consumed, so a redelivery (after a restart or rebalance) is skipped,
 * not parked twice. It is logged once at ERROR, with ids only (payloads hold personal data), and counted as
 * {@code consumer_events_parked_total{topic,type}} when the service has Micrometer. {@link ParkedEvents#replay}
 * applies it later.</li>
 * <li><b>Unreadable record.</b> A record whose CloudEvents headers are missing or unusable, or whose payload is
 * not its event's JSON, is parked at once (retrying cannot mend it), flagged {@code unreadable}, under its position
 * ({@code unreadable:<topic>-<partition>@<offset>}) as its id, with its headers and payload as they came, and
 * counted like any parked record; a replay reads it again, as a version that can read it would. Nothing is
 * skipped without a trace an operator can act on.</li>
 * <li><b>Database outage.</b> A failure that says the database is unreachable ({@link Failures#databaseUnavailable})
 * does not count towards parking, and when parking itself fails the record is not skipped either: the handler,
 * then parking, are retried with the capped back-off for as long as it takes, with at most one WARN every
 * {@value #WARN_INTERVAL_SECONDS} seconds, so the partition resumes by itself when the database is back.</li>
 * </ul>
 *
 * <p>Holding a record that long is safe for the Kafka consumer: listeners are {@code @Blocking}, so the handler
 * runs on a worker thread while the connector keeps polling on its own thread, pausing the partitions once its
 * queue is full ({@code pause-if-no-requests}, on by default). The consumer therefore keeps calling
 * {@code poll()} well within {@code max.poll.interval.ms} and stays in its group. What would break is the
 * throttled commit strategy's {@code throttled.unprocessed-record-max-age.ms} (60 s by default), which reports a
 * record held longer as a fatal failure and closes the consumer; platform-runtime sets it to 0 (off) in its
 * {@code META-INF/microprofile-config.properties}. While a record is held, its topic's later records wait (a
 * {@code @Blocking} listener takes one record at a time) and offsets after it are not committed; if a rebalance
 * moves the partition meanwhile, the new owner consumes the record again, and the consumed-event log keeps its
 * effect single. At shutdown a held record is left unacknowledged and is consumed again after the restart.
 */
@ApplicationScoped
public class IdempotentConsumer {

    private static final Logger LOG = Logger.getLogger(IdempotentConsumer.class);
    static final long WARN_INTERVAL_SECONDS = 5;
    private static final long WARN_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(WARN_INTERVAL_SECONDS);

    private final ConsumedEventLog log;
    private final ParkedEvents parked;
    private final RetryConfig retry;
    private final Clock clock;
    private final TraceContext traces;
    private final CountDownLatch stopping = new CountDownLatch(1);

    IdempotentConsumer(ConsumedEventLog log, ParkedEvents parked, RetryConfig retry, Clock clock,
                       TraceContext traces) {
        this.log = log;
        this.parked = parked;
        this.retry = retry;
        this.clock = clock;
        this.traces = traces;
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** How a consumer retries a failing handler before parking the record. */
    @ConfigMapping(prefix = "consumer.retry")
    public interface RetryConfig {
        /** Failed handler runs, the first included, while the database answers, after which the record is parked. */
        @WithDefault("8")
        int attempts();

        /** Pause after the first failure; doubles after each further one. */
        @WithDefault("100ms")
        Duration initialBackoff();

        /** Longest pause between attempts, also while waiting for the database. */
        @WithDefault("5s")
        Duration maxBackoff();
    }

    void onStop(@Observes ShutdownEvent event) {
        stopping.countDown();
    }

    /**
     * Consumes one record. Returns only once the record may be acknowledged.
     *
     * @param handled the event types {@code handler} applies; others are acknowledged and ignored
     * @return true when the handler ran, false for a skipped, duplicate or parked (unreadable included) record
     * @throws IllegalStateException when the application stops (or the thread is interrupted) while the record is
     *                               still failing; it is then not acknowledged and is consumed again after the restart
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
            return parkUnreadable(record, e); // retrying cannot mend it
        }
        Span span = traces.startSpan(record.topic() + " process", SpanKind.CONSUMER,
                header(record, TraceContext.TRACEPARENT), header(record, TraceContext.TRACESTATE));
        span.setAttribute("messaging.system", "kafka");
        span.setAttribute("messaging.destination.name", record.topic());
        span.setAttribute("messaging.message.id", event.id());
        span.setAttribute("cloudevents.event_type", event.ceType());
        try (Scope ignored = span.makeCurrent()) {
            return apply(record, event, payload, handler);
        } finally {
            span.end();
        }
    }

    /** Runs the handler, in the record's span, until it applied, parked or found the record a duplicate. */
    private boolean apply(ConsumerRecord<String, String> record, IncomingEvent event, DomainEvent payload,
                          EventHandler handler) {
        Retries retries = new Retries(record, event);
        while (true) {
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
                retries.failed(e);
            }
            if (retries.parkingDue()) {
                try {
                    OptionalLong id = parked.park(record, event, retries.failure(), false);
                    retries.parked(id);
                    Span.current().setStatus(StatusCode.ERROR, "parked");
                    return false;
                } catch (RuntimeException e) {
                    retries.parkingFailed(e);
                }
            }
            retries.pause();
        }
    }

    /** Parks a record that cannot be read; retried only while the database cannot take it. */
    private boolean parkUnreadable(ConsumerRecord<String, String> record, MalformedEventException e) {
        IncomingEvent salvaged = IncomingEvent.salvage(record);
        Retries retries = new Retries(record, salvaged);
        retries.unreadable(e);
        while (true) {
            try {
                retries.parked(parked.park(record, salvaged, retries.failure(), true));
                return false;
            } catch (RuntimeException parkingFailure) {
                retries.parkingFailed(parkingFailure);
            }
            retries.pause();
        }
    }

    /** The retry state of one record. */
    private final class Retries {
        private final ConsumerRecord<String, String> record;
        private final IncomingEvent event;
        private int attempts;
        private int countedFailures;
        private RuntimeException last;
        private boolean lastWasOutage;
        private Instant firstFailedAt;
        private Instant lastFailedAt;
        private Duration backoff = retry.initialBackoff();
        private boolean unreadable;
        private final Throttle handlerWarnings = new Throttle();
        private final Throttle parkingWarnings = new Throttle();

        Retries(ConsumerRecord<String, String> record, IncomingEvent event) {
            this.record = record;
            this.event = event;
        }

        /** The record cannot be read: one failure, parked at once. */
        void unreadable(MalformedEventException e) {
            attempts = 1;
            last = e;
            firstFailedAt = lastFailedAt = clock.instant();
            unreadable = true;
        }

        void failed(RuntimeException e) {
            attempts++;
            last = e;
            lastFailedAt = clock.instant();
            if (firstFailedAt == null) {
                firstFailedAt = lastFailedAt;
            }
            // Failures while the application stops (a closing pool, an interrupt) say nothing about the record either.
            lastWasOutage = Failures.databaseUnavailable(e) || stopping.getCount() == 0
                    || Thread.currentThread().isInterrupted();
            if (!lastWasOutage) {
                countedFailures++;
            }
            if (!parkingDue()) {
                handlerWarnings.warn("Handling %s %s from %s failed (attempt %d, %d of %d towards parking%s), "
                                + "retrying in %d ms: %s", event.ceType(), event.id(), where(), attempts,
                        countedFailures, retry.attempts(),
                        lastWasOutage ? "; database unavailable" : "", backoff.toMillis(), Failures.summary(e));
            }
        }

        /** After the configured attempts, and only when the last failure came from a database that answered. */
        boolean parkingDue() {
            return !lastWasOutage && countedFailures >= retry.attempts();
        }

        ParkedEvents.Failure failure() {
            return new ParkedEvents.Failure(last, attempts, firstFailedAt, lastFailedAt);
        }

        void parked(OptionalLong id) {
            if (id.isEmpty()) {
                LOG.infof("Not parking %s %s from %s: it has been consumed meanwhile", event.ceType(), event.id(),
                        where());
                return;
            }
            // Ids only: the payload and the error message may hold personal data; both are in the parked row.
            if (unreadable) {
                LOG.errorf("Parked unreadable record %s (key %s, %s): parked_event id %d; the records behind it go "
                                + "on", where(), record.key(), Failures.summary(last), id.getAsLong());
            } else {
                LOG.errorf("Parked %s %s from %s (key %s) after %d failed attempts, last with %s: parked_event id "
                                + "%d; the records behind it go on", event.ceType(), event.id(), where(), record.key(),
                        attempts, last.getClass().getName(), id.getAsLong());
            }
            // an unreadable record's type tag is fixed: whatever its header says must not grow the metric's series
            ParkingMetrics.parked(record.topic(), unreadable ? IncomingEvent.UNREADABLE : event.ceType());
        }

        void parkingFailed(RuntimeException e) {
            parkingWarnings.warn("Cannot park %s %s from %s after %d failed attempts (database unavailable?); "
                            + "the record is held and retried in %d ms: %s", event.ceType(), event.id(), where(),
                    attempts, backoff.toMillis(), Failures.summary(e));
        }

        void pause() {
            try {
                if (stopping.await(backoff.toMillis(), TimeUnit.MILLISECONDS)) {
                    throw new IllegalStateException("Stopping while " + event.ceType() + " " + event.id() + " from "
                            + where() + " is still failing; it is left for redelivery", last);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                IllegalStateException interrupted = new IllegalStateException("Interrupted while retrying "
                        + event.ceType() + " " + event.id() + "; it is left for redelivery", e);
                interrupted.addSuppressed(last);
                throw interrupted;
            }
            Duration doubled = backoff.multipliedBy(2);
            backoff = doubled.compareTo(retry.maxBackoff()) > 0 ? retry.maxBackoff() : doubled;
        }

        private String where() {
            return record.topic() + "-" + record.partition() + "@" + record.offset();
        }
    }

    /** WARNs of one kind about one record: at most one every few seconds; the ones in between are counted. */
    private static final class Throttle {
        private long nextAt = System.nanoTime();
        private int suppressed;

        void warn(String format, Object... parameters) {
            long now = System.nanoTime();
            if (now - nextAt < 0) {
                suppressed++;
                return;
            }
            String message = String.format(format, parameters);
            if (suppressed > 0) {
                message += " (" + suppressed + " more like it in the last " + WARN_INTERVAL_SECONDS + " s)";
                suppressed = 0;
            }
            LOG.warn(message);
            nextAt = now + WARN_INTERVAL_NANOS;
        }
    }
}
