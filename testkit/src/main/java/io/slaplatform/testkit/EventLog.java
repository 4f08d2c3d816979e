package io.slaplatform.testkit;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Reads topics from their beginning in a background thread and keeps every record, for assertions such as
 * "exactly one RequestAccepted for this request". Not part of any consumer group.
 */
public final class EventLog implements AutoCloseable {

    private final List<ReceivedEvent> received = new CopyOnWriteArrayList<>();
    /** The poller's position per partition after its last poll: the offset of the next record it will read. */
    private final Map<TopicPartition, Long> positions = new ConcurrentHashMap<>();
    private final Properties consumerProperties;
    private final List<TopicPartition> partitions = new ArrayList<>();
    private final KafkaConsumer<String, String> consumer;
    private final Thread poller;
    private volatile boolean running = true;

    private EventLog(String bootstrapServers, Collection<String> topics) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "testkit-event-log-" + UUID.randomUUID());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumerProperties = props;
        consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
        for (String topic : topics) {
            for (PartitionInfo info : consumer.partitionsFor(topic, Duration.ofSeconds(10))) {
                partitions.add(new TopicPartition(topic, info.partition()));
            }
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        poller = new Thread(this::poll, "testkit-event-log");
        poller.setDaemon(true);
        poller.start();
    }

    /** Starts reading {@code topics} (which must exist) from their beginning. */
    public static EventLog of(String bootstrapServers, Collection<String> topics) {
        return new EventLog(bootstrapServers, topics);
    }

    private void poll() {
        while (running) {
            for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(50))) {
                Map<String, String> headers = new LinkedHashMap<>();
                for (Header header : record.headers()) {
                    headers.put(header.key(), header.value() == null ? null
                            : new String(header.value(), StandardCharsets.UTF_8));
                }
                received.add(new ReceivedEvent(record.topic(), record.partition(), record.offset(), record.key(),
                        headers, record.value(), record.timestamp()));
            }
            for (TopicPartition partition : partitions) {
                positions.put(partition, consumer.position(partition));
            }
        }
        consumer.close();
    }

    /** Every record read so far. */
    public List<ReceivedEvent> all() {
        return List.copyOf(received);
    }

    /** Records with this key, in the order read (per partition: the order on Kafka). */
    public List<ReceivedEvent> forKey(String key) {
        return received.stream().filter(e -> key.equals(e.key())).collect(Collectors.toList());
    }

    /** Records with this key and {@code ce_type}. */
    public List<ReceivedEvent> forKey(String key, String ceType) {
        return received.stream().filter(e -> key.equals(e.key()) && ceType.equals(e.type()))
                .collect(Collectors.toList());
    }

    /** Waits for the first record with this key and type and returns it. */
    public ReceivedEvent await(String key, String ceType, Duration timeout) {
        return awaitMatching(e -> key.equals(e.key()) && ceType.equals(e.type()), timeout,
                ceType + " for key " + key);
    }

    /** Waits for the first record that matches and returns it. */
    public ReceivedEvent awaitMatching(Predicate<ReceivedEvent> match, Duration timeout, String description) {
        try {
            return Awaitility.await(description).atMost(timeout.toMillis(), TimeUnit.MILLISECONDS)
                    .pollInterval(20, TimeUnit.MILLISECONDS)
                    .until(() -> received.stream().filter(match).findFirst().orElse(null), e -> e != null);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("No " + description + " within " + timeout + "; saw "
                    + received.stream().map(r -> r.type() + "(" + r.key() + ")").collect(Collectors.joining(", ")));
        }
    }

    /**
     * Waits until this log has read every record its topics held when called (up to their end offsets at that
     * moment). After a fact that rules out anything later, e.g. "no timer left to fire and nothing left in the
     * outbox", the log is then complete: "exactly once" and "never" can be asserted without a quiet period.
     */
    public void awaitCaughtUp(Duration timeout) {
        Properties props = new Properties();
        props.putAll(consumerProperties);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, props.get(ConsumerConfig.CLIENT_ID_CONFIG) + "-end-offsets");
        Map<TopicPartition, Long> ends;
        try (KafkaConsumer<String, String> offsets = new KafkaConsumer<>(props, new StringDeserializer(),
                new StringDeserializer())) {
            ends = offsets.endOffsets(partitions, timeout);
        }
        Awaitility.await("the event log reads up to " + ends).atMost(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .pollInterval(20, TimeUnit.MILLISECONDS)
                .until(() -> ends.entrySet().stream().allMatch(end ->
                        positions.getOrDefault(end.getKey(), -1L) >= end.getValue()));
    }

    /**
     * Waits {@code quietPeriod} and then returns every record with this key and type: for asserting that
     * something happened exactly once, or not at all.
     */
    public List<ReceivedEvent> settle(String key, String ceType, Duration quietPeriod) {
        try {
            Thread.sleep(quietPeriod.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return forKey(key, ceType);
    }

    @Override
    public void close() {
        running = false;
        try {
            poller.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
