package io.slaplatform.slaclock.messaging;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.slaplatform.slaclock.config.SlaConfig;
import io.slaplatform.events.Topics;
import io.slaplatform.slaclock.service.InputProgress;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

/**
 * The clock's {@link InputProgress} read from the broker: each reading asks for the end offsets of
 * {@code support.requests} and {@code support.eligibility} and for the committed offsets of the consumer group
 * that applies them ({@link ProgressTracker} turns the two into watermarks). Committed offsets belong to the
 * group, not to one instance, so any instance may fire any ticket's timer; a record is committed only once its
 * transaction has committed (the throttled commit strategy commits processed records only). A reading that fails
 * (broker away) leaves the watermarks where they were.
 *
 * <p>After the broker was unreachable, readings are not used for {@code sla.broker-outage-grace}: an answer intake
 * recorded during the outage waits in intake's outbox, and its relay hands it to Kafka only some time after the
 * broker is back; a reading taken in between would let a breach through before that answer. The broker is watched
 * once a second ({@link #watchBroker}), so an outage is noticed even when no timer was due during it.
 */
@ApplicationScoped
public class KafkaInputProgress implements InputProgress {

    private static final Logger LOG = Logger.getLogger(KafkaInputProgress.class);
    static final List<String> TOPICS = List.of(Topics.SUPPORT_REQUESTS, Topics.SUPPORT_ELIGIBILITY);
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    /** How long the partition counts are trusted before they are asked for again. */
    private static final Duration PARTITIONS_TTL = Duration.ofSeconds(30);
    private static final long WARN_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(30);

    private final Clock clock;
    private final Map<String, Object> adminConfig;
    private final Map<String, String> groupByTopic;
    private final ProgressTracker tracker = new ProgressTracker();
    private Admin admin;
    private Map<String, Integer> partitions;
    private long partitionsReadAt;
    private Watermarks last = Watermarks.UNKNOWN;
    private long nextWarnAt = System.nanoTime();
    private final long outageGraceNanos;
    /** When the broker was last seen unreachable ({@link System#nanoTime}); guarded by this. */
    private Long unreachableAt;
    private boolean stopped;

    KafkaInputProgress(Clock clock, @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig,
                       Config config, SlaConfig sla) {
        this.clock = clock;
        this.outageGraceNanos = sla.brokerOutageGrace().toNanos();
        this.adminConfig = adminConfig(kafkaConfig);
        String defaultGroup = config.getOptionalValue("kafka.group.id", String.class)
                .orElse(config.getValue("quarkus.application.name", String.class));
        this.groupByTopic = TOPICS.stream().collect(Collectors.toUnmodifiableMap(topic -> topic,
                topic -> config.getOptionalValue("mp.messaging.incoming.\"" + topic + "\".group.id", String.class)
                        .orElse(defaultGroup)));
    }

    private static Map<String, Object> adminConfig(Map<String, Object> kafkaConfig) {
        Map<String, Object> props = new HashMap<>();
        // connection and security settings (bootstrap servers, SASL, TLS) come from the kafka.* configuration
        kafkaConfig.forEach((key, value) -> {
            if (AdminClientConfig.configNames().contains(key)) {
                props.put(key, value);
            }
        });
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, "sla-clock-input-progress");
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        return props;
    }

    void onStop(@Observes ShutdownEvent event) {
        synchronized (this) {
            stopped = true;
            if (admin != null) {
                admin.close(Duration.ofSeconds(1));
                admin = null;
            }
        }
    }

    /** Notes whether the broker answers, so that an outage no timer saw still delays the readings after it. */
    @Scheduled(every = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    synchronized void watchBroker() {
        if (stopped) {
            return;
        }
        try {
            admin().describeCluster().clusterId().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException | KafkaException e) {
            unreachableAt = System.nanoTime();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Whether the broker was unreachable less than the grace ago. */
    private boolean recoveringFromOutage() {
        return unreachableAt != null && System.nanoTime() - unreachableAt < outageGraceNanos;
    }

    @Override
    public synchronized Watermarks probe() {
        // Read before asking: every record appended before this instant lies below the end offsets asked for next.
        Instant at = clock.instant();
        if (stopped || recoveringFromOutage()) {
            return last; // what intake recorded meanwhile may not be on Kafka yet
        }
        try {
            Admin client = admin();
            Map<String, Integer> counts = partitions(client);
            Set<TopicPartition> all = counts.entrySet().stream()
                    .flatMap(e -> java.util.stream.IntStream.range(0, e.getValue())
                            .mapToObj(p -> new TopicPartition(e.getKey(), p)))
                    .collect(Collectors.toSet());
            Map<TopicPartition, Long> ends = offsets(client, all, OffsetSpec.latest());
            Map<TopicPartition, OptionalLong> committed = committed(client, all);
            Set<TopicPartition> neverCommitted = all.stream()
                    .filter(p -> committed.get(p).isEmpty() && ends.getOrDefault(p, 0L) > 0)
                    .collect(Collectors.toSet());
            Map<TopicPartition, Long> firsts = neverCommitted.isEmpty() ? Map.of()
                    : offsets(client, neverCommitted, OffsetSpec.earliest());
            last = tracker.read(at, counts, ends, committed, firsts);
        } catch (ExecutionException | TimeoutException | KafkaException e) {
            unreachableAt = System.nanoTime();
            warn(e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return last;
    }

    private Admin admin() {
        if (admin == null) {
            admin = Admin.create(adminConfig);
        }
        return admin;
    }

    private Map<String, Integer> partitions(Admin client)
            throws ExecutionException, InterruptedException, TimeoutException {
        if (partitions == null || System.nanoTime() - partitionsReadAt > PARTITIONS_TTL.toNanos()) {
            Map<String, Integer> counts = new HashMap<>();
            for (String topic : TOPICS) {
                try {
                    TopicDescription description = client.describeTopics(List.of(topic)).allTopicNames()
                            .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).get(topic);
                    counts.put(topic, description.partitions().size());
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                        throw e;
                    }
                    counts.put(topic, 0); // no topic yet: no record anyone could be waiting for
                }
            }
            partitions = Map.copyOf(counts);
            partitionsReadAt = System.nanoTime();
        }
        return partitions;
    }

    private static Map<TopicPartition, Long> offsets(Admin client, Collection<TopicPartition> partitions,
                                                     OffsetSpec spec)
            throws ExecutionException, InterruptedException, TimeoutException {
        if (partitions.isEmpty()) {
            return Map.of();
        }
        return client.listOffsets(partitions.stream().collect(Collectors.toMap(p -> p, p -> spec)))
                .all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    }

    private Map<TopicPartition, OptionalLong> committed(Admin client, Set<TopicPartition> partitions)
            throws ExecutionException, InterruptedException, TimeoutException {
        Map<TopicPartition, OptionalLong> committed = new HashMap<>();
        partitions.forEach(p -> committed.put(p, OptionalLong.empty()));
        for (String group : Set.copyOf(groupByTopic.values())) {
            Map<TopicPartition, OffsetAndMetadata> offsets = client.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            offsets.forEach((partition, offset) -> {
                if (offset != null && partitions.contains(partition)
                        && group.equals(groupByTopic.get(partition.topic()))) {
                    committed.put(partition, OptionalLong.of(offset.offset()));
                }
            });
        }
        return committed;
    }

    private void warn(Throwable failure) {
        long now = System.nanoTime();
        if (now - nextWarnAt >= 0) {
            LOG.warnf("Cannot read the progress of the SLA clock's consumers on %s; due warnings and breaches wait "
                    + "(at most sla.breach-max-hold): %s", TOPICS, failure.toString());
            nextWarnAt = now + WARN_INTERVAL_NANOS;
        }
    }
}
