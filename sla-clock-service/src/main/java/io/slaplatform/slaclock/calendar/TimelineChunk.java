package io.slaplatform.slaclock.calendar;

import java.time.Instant;
import java.time.LocalDate;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.Arrays;
import java.util.function.Predicate;

/**
 * The open intervals of a calendar within one fixed slice of the time line, as instants, with the
 * running total of open time: the precomputed form that makes business-time arithmetic a pair of
 * binary searches.
 *
 * <p>Chunk {@code k} covers the epoch seconds {@code [k * 2^25, (k + 1) * 2^25)} (about 388 days), so
 * chunk boundaries are independent of time zones and local dates. Positions inside a chunk are
 * nanoseconds from its start ({@code 0 .. CHUNK_NANOS}). Intervals are sorted, disjoint and never touch
 * inside a chunk; an interval that reaches the end of the chunk may continue at the start of the next.
 *
 * <p>Immutable: all fields are final and the arrays are never written after construction, so a chunk
 * published through a data race is still seen complete (final-field semantics).
 */
final class TimelineChunk {

    static final int CHUNK_SHIFT = 25;
    static final long CHUNK_SECONDS = 1L << CHUNK_SHIFT;
    static final long NANOS_PER_SECOND = 1_000_000_000L;
    static final long CHUNK_NANOS = CHUNK_SECONDS * NANOS_PER_SECOND;
    private static final long SECONDS_PER_DAY = 86_400L;

    final long index;
    /** Open interval starts, chunk-relative nanos, ascending. */
    final long[] opens;
    /** Open interval ends (exclusive), chunk-relative nanos, ascending. */
    final long[] closes;
    /** Open nanos from the chunk start to {@code closes[i]}, i.e. the running total at the end of interval i. */
    final long[] cumulative;
    final int size;
    final long totalOpenNanos;

    private TimelineChunk(long index, long[] opens, long[] closes, int size) {
        this.index = index;
        this.size = size;
        this.opens = Arrays.copyOf(opens, size);
        this.closes = Arrays.copyOf(closes, size);
        this.cumulative = new long[size];
        long total = 0;
        for (int i = 0; i < size; i++) {
            total += closes[i] - opens[i];
            cumulative[i] = total;
        }
        this.totalOpenNanos = total;
    }

    /**
     * Computes the open intervals of chunk {@code index} by applying the wall-clock rule to each stretch
     * of constant UTC offset: within such a stretch local time moves forward with real time, so a local
     * interval maps to exactly one real interval (clipped to the stretch), and gaps and overlaps at the
     * stretch ends are handled by the clipping.
     */
    static TimelineChunk build(long index, ZoneRules rules, WeeklySchedule schedule, Predicate<LocalDate> closedOn) {
        long chunkStart = index << CHUNK_SHIFT;
        long chunkEnd = chunkStart + CHUNK_SECONDS;
        Builder builder = new Builder();
        long stretchStart = chunkStart;
        while (stretchStart < chunkEnd) {
            Instant at = Instant.ofEpochSecond(stretchStart);
            int offset = rules.getOffset(at).getTotalSeconds();
            ZoneOffsetTransition next = rules.nextTransition(at);
            long stretchEnd = next == null ? chunkEnd : Math.min(chunkEnd, next.toEpochSecond());
            addStretch(builder, chunkStart, stretchStart, stretchEnd, offset, schedule, closedOn);
            stretchStart = stretchEnd;
        }
        return new TimelineChunk(index, builder.opens, builder.closes, builder.size);
    }

    private static void addStretch(Builder builder, long chunkStart, long stretchStart, long stretchEnd, int offset,
            WeeklySchedule schedule, Predicate<LocalDate> closedOn) {
        long relStart = (stretchStart - chunkStart) * NANOS_PER_SECOND;
        long relEnd = (stretchEnd - chunkStart) * NANOS_PER_SECOND;
        long firstDay = Math.floorDiv(stretchStart + offset, SECONDS_PER_DAY);
        long lastDay = Math.floorDiv(stretchEnd + offset - 1, SECONDS_PER_DAY);
        for (long day = firstDay; day <= lastDay; day++) {
            // 1970-01-01 (epoch day 0) was a Thursday: Monday = 0.
            int dayIndex = (int) Math.floorMod(day + 3, 7L);
            long[] opens = schedule.openNanos(dayIndex);
            if (opens.length == 0 || closedOn.test(LocalDate.ofEpochDay(day))) {
                continue;
            }
            long[] closes = schedule.closeNanos(dayIndex);
            // Where local midnight of this day would be under this stretch's offset (it may lie outside it).
            long midnight = (day * SECONDS_PER_DAY - offset - chunkStart) * NANOS_PER_SECOND;
            for (int i = 0; i < opens.length; i++) {
                long from = Math.max(midnight + opens[i], relStart);
                long to = Math.min(midnight + closes[i], relEnd);
                if (from < to) {
                    builder.add(from, to);
                }
            }
        }
    }

    /** Open nanos between the chunk start and {@code pos} (chunk-relative, 0..CHUNK_NANOS). */
    long openNanosBefore(long pos) {
        int i = firstCloseAfter(pos);
        if (i == size) {
            return totalOpenNanos;
        }
        long before = i == 0 ? 0 : cumulative[i - 1];
        return pos > opens[i] ? before + (pos - opens[i]) : before;
    }

    /** Whether {@code pos} lies in an open interval. */
    boolean isOpenAt(long pos) {
        int i = firstCloseAfter(pos);
        return i < size && opens[i] <= pos;
    }

    /**
     * The chunk-relative position at which the running total reaches {@code target}, for
     * {@code 0 < target <= totalOpenNanos}: inside an interval, or exactly at its close when the
     * target is used up there (never at the next opening).
     */
    long positionOfOpenNanos(long target) {
        int lo = 0;
        int hi = size - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (cumulative[mid] >= target) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        long before = lo == 0 ? 0 : cumulative[lo - 1];
        return opens[lo] + (target - before);
    }

    /** The first interval index whose close is after {@code pos}, or {@code size}. */
    int firstCloseAfter(long pos) {
        int lo = 0;
        int hi = size;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (closes[mid] > pos) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    /** The first interval index whose open is after {@code pos}, or {@code size}. */
    int firstOpenAfter(long pos) {
        int lo = 0;
        int hi = size;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (opens[mid] > pos) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    boolean startsOpen() {
        return size > 0 && opens[0] == 0;
    }

    boolean endsOpen() {
        return size > 0 && closes[size - 1] == CHUNK_NANOS;
    }

    private static final class Builder {
        long[] opens = new long[512];
        long[] closes = new long[512];
        int size;

        void add(long from, long to) {
            if (size > 0 && closes[size - 1] >= from) {
                // Touching: the previous interval closes when this one opens (24x7, or midnight between two
                // open days). Stretches are visited in time order, so an overlap here would be a bug.
                if (closes[size - 1] > from) {
                    throw new IllegalStateException("timeline out of order at " + from);
                }
                closes[size - 1] = to;
                return;
            }
            if (size == opens.length) {
                opens = Arrays.copyOf(opens, size * 2);
                closes = Arrays.copyOf(closes, size * 2);
            }
            opens[size] = from;
            closes[size] = to;
            size++;
        }
    }
}
