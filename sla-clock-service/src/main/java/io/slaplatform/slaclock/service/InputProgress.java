package io.slaplatform.slaclock.service;

import java.time.Instant;
import java.util.Map;

/**
 * How far the clock has applied its inputs ({@code support.requests}, {@code support.eligibility}): per partition,
 * an instant {@code W} such that every record appended to the partition before {@code W} has been applied (and
 * committed) by the service's consumer group, whichever instance consumed it. {@link SlaTimers} fires a ticket's
 * warning or breach due at {@code D} only once both of its partitions have reached {@code D}, so that a response
 * already on Kafka before the deadline stops the cycle before the timer can breach it, however far behind the
 * consumers are (a restart, a rebalance, lag).
 */
public interface InputProgress {

    /** Reads the inputs' progress now; on failure returns the last known progress (which only holds timers back). */
    Watermarks probe();

    /**
     * Per topic, every partition's watermark: the instant up to which each record of it has been applied,
     * {@link Instant#EPOCH} for a partition not yet seen caught up. A topic that does not exist has no
     * partitions (nothing to wait for); a topic missing from the map is one whose progress is unknown (the broker
     * has not answered yet), which holds its tickets' timers back.
     */
    record Watermarks(Map<String, Map<Integer, Instant>> byTopic) {

        /** No progress known yet. */
        public static final Watermarks UNKNOWN = new Watermarks(Map.of());
        /** Beyond any deadline: the watermark of a topic without partitions. */
        public static final Instant UNBOUNDED = Instant.parse("9999-12-31T00:00:00Z");

        public Watermarks {
            byTopic = Map.copyOf(byTopic);
        }

        /** The watermarks of one topic's partitions; empty when the topic has none or is unknown. */
        public Map<Integer, Instant> of(String topic) {
            return byTopic.getOrDefault(topic, Map.of());
        }

        /**
         * The lowest watermark of the topic: what a ticket whose partition is not known waits for;
         * {@link Instant#EPOCH} when the topic's progress is unknown, {@link #UNBOUNDED} when it has no partitions.
         */
        public Instant lowest(String topic) {
            Map<Integer, Instant> partitions = byTopic.get(topic);
            if (partitions == null) {
                return Instant.EPOCH;
            }
            return partitions.values().stream().min(Instant::compareTo).orElse(UNBOUNDED);
        }
    }
}
