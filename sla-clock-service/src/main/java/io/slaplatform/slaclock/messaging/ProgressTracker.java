package io.slaplatform.slaclock.messaging;

import io.slaplatform.slaclock.service.InputProgress.Watermarks;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import org.apache.kafka.common.TopicPartition;

/**
 * Turns readings of a consumer group's progress into watermarks, as a stream processor does: a reading taken at
 * instant {@code t} gives each partition's end offset {@code E} (every record appended before {@code t} lies
 * below it); once the group's committed offset of the partition reaches {@code E}, every record appended before
 * {@code t} has been applied, and the partition's watermark becomes {@code t}. A partition that is behind keeps
 * its readings until its consumer catches up with them, so its watermark still advances, one reading at a time,
 * while it works through a backlog. Pure; not thread-safe (the caller serialises readings).
 */
final class ProgressTracker {

    /** Readings kept per partition while it is behind; the oldest go first, which only holds timers back longer. */
    static final int MAX_READINGS = 1_000;

    private record Reading(Instant at, long endOffset) {
    }

    private final Map<TopicPartition, Instant> watermarks = new HashMap<>();
    private final Map<TopicPartition, Deque<Reading>> behind = new HashMap<>();

    /**
     * Takes one reading.
     *
     * @param at         when it was taken, read before the end offsets were asked for
     * @param partitions every partition of each input topic ({@code 0} for a topic that does not exist)
     * @param endOffsets the end offset of every partition, asked for after {@code at}
     * @param applied    the group's committed offset of each partition (the next record it will apply); empty for
     *                   a partition it has never committed, which counts as caught up only when it holds no record
     *                   ({@code firstOffsets}: the first offset still on the broker, equal to the end offset then)
     * @return every partition's watermark, {@link Instant#EPOCH} for one not yet seen caught up
     */
    Watermarks read(Instant at, Map<String, Integer> partitions, Map<TopicPartition, Long> endOffsets,
                    Map<TopicPartition, OptionalLong> applied, Map<TopicPartition, Long> firstOffsets) {
        Map<String, Map<Integer, Instant>> byTopic = new HashMap<>();
        partitions.forEach((topic, count) -> {
            Map<Integer, Instant> topicMarks = new TreeMap<>();
            for (int p = 0; p < count; p++) {
                TopicPartition partition = new TopicPartition(topic, p);
                Long end = endOffsets.get(partition);
                if (end != null) {
                    advance(partition, at, end, position(partition, end, applied, firstOffsets));
                }
                topicMarks.put(p, watermarks.getOrDefault(partition, Instant.EPOCH));
            }
            byTopic.put(topic, topicMarks);
        });
        return new Watermarks(byTopic);
    }

    private static long position(TopicPartition partition, long end, Map<TopicPartition, OptionalLong> applied,
                                 Map<TopicPartition, Long> firstOffsets) {
        OptionalLong committed = applied.getOrDefault(partition, OptionalLong.empty());
        if (committed.isPresent()) {
            return committed.getAsLong();
        }
        Long first = firstOffsets.get(partition);
        return end == 0 || first != null && first == end ? end : -1;
    }

    private void advance(TopicPartition partition, Instant at, long end, long position) {
        Deque<Reading> readings = behind.computeIfAbsent(partition, p -> new ArrayDeque<>());
        readings.addLast(new Reading(at, end));
        if (readings.size() > MAX_READINGS) {
            readings.removeFirst();
        }
        // End offsets never decrease, so the readings a position covers are the oldest ones; the newest of them is
        // the watermark. (Taken as it is, not as a maximum: a clock set back, as tests do, lowers the watermark,
        // which only holds timers back, rather than leaving one ahead of the clock that would let them all through.)
        while (!readings.isEmpty() && readings.peekFirst().endOffset() <= position) {
            watermarks.put(partition, readings.removeFirst().at());
        }
    }
}
