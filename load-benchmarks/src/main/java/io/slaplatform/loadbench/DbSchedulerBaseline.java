package io.slaplatform.loadbench;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.task.SchedulableInstance;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import io.agroal.api.AgroalDataSource;
import io.agroal.api.configuration.supplier.AgroalDataSourceConfigurationSupplier;
import io.agroal.api.security.NamePrincipal;
import io.agroal.api.security.SimplePassword;
import io.slaplatform.events.Breached;
import io.slaplatform.events.CloudEventRecords;
import io.slaplatform.events.EventCodec;
import io.slaplatform.events.Impact;
import io.slaplatform.testkit.PostgresSchemas;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The burst benchmark's baseline: db-scheduler (lock-and-fetch polling with {@code FOR UPDATE SKIP LOCKED}) in
 * this JVM, on its own schema of the same PostgreSQL, executing one-time tasks that each publish one
 * {@code Breached} record, built like the platform's, to Kafka and wait for the broker's acknowledgement before the
 * execution completes (at-least-once, as the outbox relay). The producer is configured as the outbox relay's.
 */
final class DbSchedulerBaseline implements AutoCloseable {

    static final String TOPIC = "bench.db-scheduler";

    private final AgroalDataSource dataSource;
    private final KafkaProducer<String, String> producer;
    private final Scheduler scheduler;
    private final OneTimeTask<Void> publish;

    DbSchedulerBaseline(BenchStack stack, String schema, int threads, Duration pollingInterval) throws SQLException {
        createTable(schema);
        dataSource = AgroalDataSource.from(new AgroalDataSourceConfigurationSupplier()
                .connectionPoolConfiguration(pool -> pool
                        .maxSize(threads + 4)
                        .acquisitionTimeout(Duration.ofSeconds(30))
                        .connectionFactoryConfiguration(factory -> factory
                                .jdbcUrl(PostgresSchemas.url() + "?currentSchema=" + schema)
                                .principal(new NamePrincipal(PostgresSchemas.user()))
                                .credential(new SimplePassword(PostgresSchemas.password())))));
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5,
                ProducerConfig.LINGER_MS_CONFIG, 1),
                new StringSerializer(), new StringSerializer());
        publish = Tasks.oneTime("publish-breach").execute((instance, context) -> {
            Instant deadline = context.getExecution().executionTime;
            Breached event = new Breached(UUID.fromString(instance.getId()), 1, Impact.CRITICAL, "us-pacific",
                    deadline);
            try {
                producer.send(CloudEventRecords.record(TOPIC, event.key(), UUID.randomUUID(), "Breached",
                        "/db-scheduler", deadline, EventCodec.encode(event))).get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("Kafka did not acknowledge", e.getCause());
            }
        });
        scheduler = Scheduler.create(dataSource, publish)
                .threads(threads)
                .pollingInterval(pollingInterval)
                .pollUsingLockAndFetch(0.5, 3.0)
                .build();
        scheduler.start();
    }

    /** Schedules one execution per deadline through db-scheduler's client, in one batch. */
    void schedule(Map<UUID, Instant> deadlines) {
        List<SchedulableInstance<?>> executions = new ArrayList<>();
        deadlines.forEach((id, deadline) -> executions.add(SchedulableInstance.of(publish.instance(id.toString()),
                deadline)));
        scheduler.scheduleBatch(executions);
    }

    private static void createTable(String schema) throws SQLException {
        try (Connection c = BenchStack.connect("public"); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
            s.execute("SET search_path TO " + schema);
            // db-scheduler's PostgreSQL table (its README), with its indexes.
            s.execute("""
                    CREATE TABLE scheduled_tasks (
                        task_name            TEXT                     NOT NULL,
                        task_instance        TEXT                     NOT NULL,
                        task_data            BYTEA,
                        execution_time       TIMESTAMP WITH TIME ZONE NOT NULL,
                        picked               BOOLEAN                  NOT NULL,
                        picked_by            TEXT,
                        last_success         TIMESTAMP WITH TIME ZONE,
                        last_failure         TIMESTAMP WITH TIME ZONE,
                        consecutive_failures INT,
                        last_heartbeat       TIMESTAMP WITH TIME ZONE,
                        version              BIGINT                   NOT NULL,
                        priority             SMALLINT,
                        PRIMARY KEY (task_name, task_instance))""");
            s.execute("CREATE INDEX execution_time_idx ON scheduled_tasks (execution_time)");
            s.execute("CREATE INDEX last_heartbeat_idx ON scheduled_tasks (last_heartbeat)");
            s.execute("CREATE INDEX priority_execution_time_idx ON scheduled_tasks (priority DESC, execution_time ASC)");
        }
    }

    @Override
    public void close() {
        scheduler.stop();
        producer.close(Duration.ofSeconds(5));
        dataSource.close();
    }
}
