package io.slaplatform.runtime.outbox;

import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.common.annotation.Identifier;
import io.slaplatform.events.CloudEventRecords;
import io.slaplatform.runtime.tracing.TraceContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

/**
 * Publishes the outbox to Kafka, oldest first, with the idempotent producer, and deletes each batch only
 * after the broker acknowledged all of it. A crash before the delete republishes the batch with the same
 * {@code ce_id}s (consumers de-duplicate on them); nothing committed is ever lost, nothing rolled back is
 * ever published.
 *
 * <p>One instance publishes at a time (a transaction-scoped PostgreSQL advisory lock per schema), which keeps
 * the per-key order of the outbox on Kafka when several instances run.
 */
@Singleton
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    private static final String TRY_LOCK = "SELECT pg_try_advisory_xact_lock(hashtext(current_schema() || '.outbox'))";
    private static final String SELECT_BATCH = """
            SELECT id, event_id, topic, record_key, event_type, source, occurred_at, payload, trace_parent, trace_state
            FROM outbox_event ORDER BY id LIMIT ?""";
    private static final String DELETE_BATCH = "DELETE FROM outbox_event WHERE id = ANY (?)";
    private static final int LOCK_BUSY = -1;

    private final AgroalDataSource dataSource;
    private final OutboxConfig.Relay config;
    private final Map<String, Object> producerConfig;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "outbox-relay");
        t.setDaemon(true);
        return t;
    });
    private final AtomicBoolean runRequested = new AtomicBoolean();
    private volatile KafkaProducer<String, String> producer;

    OutboxRelay(AgroalDataSource dataSource, OutboxConfig config,
                @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig) {
        this.dataSource = dataSource;
        this.config = config.relay();
        this.producerConfig = producerConfig(kafkaConfig);
    }

    void onStart(@Observes StartupEvent event) {
        requestRun(); // publish what a previous run committed but did not send
    }

    @Scheduled(every = "${outbox.relay.interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        requestRun();
    }

    /** Asks the relay thread to publish everything pending; returns at once. Coalesces concurrent requests. */
    public void requestRun() {
        if (config.enabled() && !executor.isShutdown() && runRequested.compareAndSet(false, true)) {
            try {
                executor.execute(this::drainInBackground);
            } catch (RejectedExecutionException e) {
                // shutting down: whatever is left is published by the next start
            }
        }
    }

    private void drainInBackground() {
        runRequested.set(false);
        try {
            for (int attempt = 0; attempt < 20 && drain() == LOCK_BUSY; attempt++) {
                Thread.sleep(50); // another instance is publishing; our rows follow in its next batch or ours
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warnf("Outbox relay failed, will retry: %s", e.toString());
        }
    }

    /**
     * Publishes pending events until the outbox is empty, on the calling thread.
     *
     * @return how many events were published, or -1 when another instance holds the relay lock
     */
    public int drain() {
        int total = 0;
        while (true) {
            int published = QuarkusTransaction.requiringNew().call(this::publishBatch);
            if (published == LOCK_BUSY) {
                return total == 0 ? LOCK_BUSY : total;
            }
            total += published;
            if (published < config.batchSize()) {
                return total;
            }
        }
    }

    private int publishBatch() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            if (!tryLock(connection)) {
                return LOCK_BUSY;
            }
            List<Long> ids = new ArrayList<>();
            List<Future<RecordMetadata>> acks = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement(SELECT_BATCH)) {
                select.setInt(1, config.batchSize());
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        ids.add(rows.getLong("id"));
                        acks.add(producer().send(toRecord(rows)));
                    }
                }
            }
            if (ids.isEmpty()) {
                return 0;
            }
            awaitAcks(acks);
            try (PreparedStatement delete = connection.prepareStatement(DELETE_BATCH)) {
                Array idArray = connection.createArrayOf("bigint", ids.toArray());
                delete.setArray(1, idArray);
                delete.executeUpdate();
            }
            return ids.size();
        }
    }

    private static boolean tryLock(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(TRY_LOCK)) {
            return result.next() && result.getBoolean(1);
        }
    }

    private static ProducerRecord<String, String> toRecord(ResultSet row) throws SQLException {
        ProducerRecord<String, String> record = CloudEventRecords.record(row.getString("topic"),
                row.getString("record_key"), row.getObject("event_id", UUID.class), row.getString("event_type"),
                row.getString("source"), row.getTimestamp("occurred_at").toInstant(), row.getString("payload"));
        addHeader(record, TraceContext.TRACEPARENT, row.getString("trace_parent"));
        addHeader(record, TraceContext.TRACESTATE, row.getString("trace_state"));
        return record;
    }

    /** The W3C trace context the event was recorded in, next to the CloudEvents headers (docs/tracing.md). */
    private static void addHeader(ProducerRecord<String, String> record, String name, String value) {
        if (value != null && !value.isEmpty()) {
            record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
        }
    }

    private void awaitAcks(List<Future<RecordMetadata>> acks) {
        long deadline = System.nanoTime() + config.sendTimeout().toNanos();
        try {
            for (Future<RecordMetadata> ack : acks) {
                ack.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while publishing the outbox", e);
        } catch (ExecutionException | TimeoutException e) {
            // Roll back: the rows stay and are published again, with the same ce_id, by a later run.
            throw new IllegalStateException("Kafka did not acknowledge the outbox batch", e);
        }
    }

    private KafkaProducer<String, String> producer() {
        KafkaProducer<String, String> p = producer;
        if (p == null) {
            synchronized (this) {
                if (producer == null) {
                    producer = new KafkaProducer<>(producerConfig, new StringSerializer(), new StringSerializer());
                }
                p = producer;
            }
        }
        return p;
    }

    private Map<String, Object> producerConfig(Map<String, Object> kafkaConfig) {
        Map<String, Object> props = new HashMap<>();
        // Connection and security settings (bootstrap servers, SASL, TLS) come from the kafka.* configuration.
        kafkaConfig.forEach((key, value) -> {
            if (ProducerConfig.configNames().contains(key)) {
                props.put(key, value);
            }
        });
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 1);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, config.sendTimeout().toMillis());
        props.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "outbox-relay");
        return props;
    }

    void onStop(@Observes ShutdownEvent event) {
        executor.shutdown();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        KafkaProducer<String, String> p = producer;
        if (p != null) {
            p.close(java.time.Duration.ofSeconds(5));
        }
    }
}
