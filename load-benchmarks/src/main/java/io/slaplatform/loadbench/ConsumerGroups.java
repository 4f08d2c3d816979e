package io.slaplatform.loadbench;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;

/**
 * The launched services' consumer groups (named after the services, see their application.properties), on the
 * run's topics of {@link BenchStack#PARTITIONS} partitions each.
 */
final class ConsumerGroups {

    private static final Duration POLL_INTERVAL = Duration.ofMillis(200);

    private ConsumerGroups() {
    }

    /**
     * Commits {@code groupId}'s offsets at the current end of {@code topics}. Call it before the group's service is
     * launched: scenarios share the run's broker, and a service reading from the earliest offset would otherwise
     * first work through what earlier scenarios published.
     */
    static void startAtEnd(BenchStack stack, String groupId, List<String> topics) {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        partitions(topics).forEach(partition -> latest.put(partition, OffsetSpec.latest()));
        try (Admin admin = admin(stack)) {
            Map<TopicPartition, ListOffsetsResultInfo> ends = admin.listOffsets(latest).all().get();
            Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
            ends.forEach((partition, end) -> offsets.put(partition, new OffsetAndMetadata(end.offset())));
            admin.alterConsumerGroupOffsets(groupId, offsets).all().get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("Cannot move consumer group " + groupId + " to the end of " + topics,
                    e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Waits until {@code groupId} is stable with every partition of {@code topics} assigned, so that a scenario
     * measures the services rather than their consumer groups' start-up rebalances.
     */
    static void awaitAssigned(BenchStack stack, String groupId, List<String> topics, Duration timeout) {
        Set<TopicPartition> wanted = partitions(topics);
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = admin(stack)) {
            while (true) {
                ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(groupId))
                        .describedGroups().get(groupId).get();
                Set<TopicPartition> assigned = new HashSet<>();
                group.members().forEach(member -> assigned.addAll(member.assignment().topicPartitions()));
                if (group.groupState() == GroupState.STABLE && assigned.containsAll(wanted)) {
                    return;
                }
                if (System.nanoTime() - deadline >= 0) {
                    throw new IllegalStateException("Consumer group " + groupId + " not stable with " + wanted
                            + " assigned after " + timeout.toSeconds() + " s: " + group.groupState() + ", "
                            + assigned);
                }
                Thread.sleep(POLL_INTERVAL.toMillis());
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("Cannot describe consumer group " + groupId, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Set<TopicPartition> partitions(List<String> topics) {
        Set<TopicPartition> partitions = new HashSet<>();
        for (String topic : topics) {
            for (int p = 0; p < BenchStack.PARTITIONS; p++) {
                partitions.add(new TopicPartition(topic, p));
            }
        }
        return partitions;
    }

    private static Admin admin(BenchStack stack) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()));
    }
}
