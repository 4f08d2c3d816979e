package io.slaplatform.testkit.quarkus;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.slaplatform.events.Topics;
import io.slaplatform.testkit.EmbeddedKafka;
import io.slaplatform.testkit.EventLog;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Points a {@code @QuarkusTest} at the JVM's shared embedded Kafka broker, with every platform topic created.
 * Attach with {@code @WithTestResource(KafkaTestResource.class)}.
 */
public class KafkaTestResource implements QuarkusTestResourceLifecycleManager {

    /** Partitions per topic in tests: more than one, so per-key ordering is really exercised. */
    public static final int PARTITIONS = 3;

    @Override
    public Map<String, String> start() {
        EmbeddedKafka kafka = EmbeddedKafka.shared();
        kafka.createTopics(Topics.ALL, PARTITIONS);
        return Map.of("kafka.bootstrap.servers", kafka.bootstrapServers());
    }

    @Override
    public void stop() {
        // the shared broker outlives one application start; it stops with the JVM
    }

    private static EventLog events;

    /** A log of every record on every platform topic of the shared broker, read since the JVM's first call. */
    public static synchronized EventLog events() {
        if (events == null) {
            EmbeddedKafka kafka = EmbeddedKafka.shared();
            kafka.createTopics(Topics.ALL, PARTITIONS);
            events = EventLog.of(kafka.bootstrapServers(), Topics.ALL);
        }
        return events;
    }

    /** Publishes events as their producer would (CloudEvents headers, key), waiting for the broker's ack. */
    public static void publish(ProducerRecord<String, String> record) {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()),
                new StringSerializer(), new StringSerializer())) {
            producer.send(record).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Cannot publish " + record, e.getCause());
        }
    }

    /** The broker's bootstrap servers, for test code. */
    public static String bootstrapServers() {
        return EmbeddedKafka.shared().bootstrapServers();
    }
}
