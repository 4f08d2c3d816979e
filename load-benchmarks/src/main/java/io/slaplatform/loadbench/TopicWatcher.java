package io.slaplatform.loadbench;

import io.slaplatform.events.CloudEventHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads a topic from its current end on a thread of its own and hands each record, with the broker's append
 * time, to a callback. Records not stamped with {@code LogAppendTime} stop the watcher: their timestamp would
 * not say when they reached Kafka.
 */
final class TopicWatcher implements AutoCloseable {

    /** A record as the benchmarks read it. */
    record Received(String key, String ceType, String payload, Instant appendedAt) {
    }

    private final KafkaConsumer<String, String> consumer;
    private final Thread thread;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private volatile RuntimeException failure;

    TopicWatcher(String bootstrapServers, String topic, Consumer<Received> callback) {
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 50,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000),
                new StringDeserializer(), new StringDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position); // resolve the end now, before anything is produced
        thread = new Thread(() -> {
            try {
                while (running.get()) {
                    for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(50))) {
                        if (record.timestampType() != TimestampType.LOG_APPEND_TIME) {
                            throw new IllegalStateException(topic + " does not stamp LogAppendTime: "
                                    + record.timestampType());
                        }
                        callback.accept(new Received(record.key(), header(record, CloudEventHeaders.TYPE),
                                record.value(), Instant.ofEpochMilli(record.timestamp())));
                    }
                }
            } catch (RuntimeException e) {
                if (running.get()) {
                    failure = e;
                }
            } finally {
                consumer.close();
            }
        }, "watch-" + topic);
        thread.setDaemon(true);
        thread.start();
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** Throws what stopped the watcher, if anything did. */
    void check() {
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public void close() {
        running.set(false);
        consumer.wakeup();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
