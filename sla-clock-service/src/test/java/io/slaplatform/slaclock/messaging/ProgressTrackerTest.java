package io.slaplatform.slaclock.messaging;

import io.slaplatform.slaclock.service.InputProgress.Watermarks;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ProgressTrackerTest {

    private static final String TOPIC = "support.requests";
    private static final TopicPartition P0 = new TopicPartition(TOPIC, 0);
    private static final TopicPartition P1 = new TopicPartition(TOPIC, 1);
    private static final Instant T = Instant.parse("2026-12-07T10:00:00Z");

    private final ProgressTracker tracker = new ProgressTracker();

    private Watermarks read(int second, long end0, Long committed0, long end1, Long committed1) {
        Map<TopicPartition, OptionalLong> committed = new HashMap<>();
        committed.put(P0, committed0 == null ? OptionalLong.empty() : OptionalLong.of(committed0));
        committed.put(P1, committed1 == null ? OptionalLong.empty() : OptionalLong.of(committed1));
        return tracker.read(T.plusSeconds(second), Map.of(TOPIC, 2), Map.of(P0, end0, P1, end1), committed, Map.of());
    }

    @Test
    void aCaughtUpPartitionIsAppliedUpToTheReadingWhileOneBehindWaitsForItsConsumer() {
        Watermarks first = read(0, 10, 10L, 7, 5L);

        assertThat(first.of(TOPIC)).containsEntry(0, T).containsEntry(1, Instant.EPOCH);
        assertThat(first.lowest(TOPIC)).isEqualTo(Instant.EPOCH);
    }

    @Test
    void aPartitionWorkingThroughABacklogAdvancesOneReadingAtATime() {
        read(0, 7, 5L, 0, null);     // partition 1 behind: 7 on the broker, 5 applied
        read(1, 9, 6L, 0, null);     // still behind the first reading
        Watermarks third = read(2, 12, 9L, 0, null); // reached the second reading's end (9), not the third's (12)

        assertThat(third.of(TOPIC)).containsEntry(0, T.plusSeconds(1)).containsEntry(1, T.plusSeconds(2));
        assertThat(read(3, 12, 12L, 0, null).of(TOPIC)).containsEntry(0, T.plusSeconds(3));
    }

    @Test
    void aWatermarkNeverGoesBack() {
        read(0, 5, 5L, 0, null);
        // a reading the broker answers with an offset the group has not committed yet (a new record)
        assertThat(read(1, 6, 5L, 0, null).of(TOPIC)).containsEntry(0, T);
    }

    @Test
    void aPartitionTheGroupNeverCommittedIsCaughtUpOnlyWhenItHoldsNoRecord() {
        Map<TopicPartition, OptionalLong> none = Map.of(P0, OptionalLong.empty(), P1, OptionalLong.empty());
        // partition 0: empty; partition 1: 4 records, of which none left on the broker (retention) / all there
        Watermarks trimmed = tracker.read(T, Map.of(TOPIC, 2), Map.of(P0, 0L, P1, 4L), none, Map.of(P1, 4L));
        assertThat(trimmed.of(TOPIC)).containsEntry(0, T).containsEntry(1, T);

        ProgressTracker other = new ProgressTracker();
        Watermarks unread = other.read(T, Map.of(TOPIC, 2), Map.of(P0, 0L, P1, 4L), none, Map.of(P1, 0L));
        assertThat(unread.of(TOPIC)).containsEntry(1, Instant.EPOCH);
    }

    @Test
    void aTopicWithoutPartitionsHoldsNothingBackAndAnUnknownTopicHoldsEverything() {
        Watermarks marks = tracker.read(T, Map.of(TOPIC, 0), Map.of(), Map.of(), Map.of());

        assertThat(marks.lowest(TOPIC)).isEqualTo(Watermarks.UNBOUNDED);
        assertThat(marks.lowest("support.eligibility")).isEqualTo(Instant.EPOCH);
    }
}
