package io.slaplatform.loadbench;

import java.time.Duration;
import org.HdrHistogram.Histogram;

/**
 * A latency distribution in microseconds (HdrHistogram, 3 significant digits, up to an hour). Negative
 * samples are counted apart as {@link #early()}: a timer that reached Kafka before its due instant.
 */
final class Latency {

    private final String name;
    private final Histogram histogram = new Histogram(Duration.ofHours(1).toNanos() / 1000, 3);
    private long early;
    private long earliestMicros;

    Latency(String name) {
        this.name = name;
    }

    synchronized void record(Duration latency) {
        long micros = latency.toNanos() / 1000;
        if (micros < 0) {
            early++;
            earliestMicros = Math.min(earliestMicros, micros);
            return;
        }
        histogram.recordValue(Math.min(micros, histogram.getHighestTrackableValue()));
    }

    /** Records {@code micros} as if sampled at a fixed {@code intervalMicros}: coordinated-omission correction. */
    synchronized void recordCorrected(long micros, long intervalMicros) {
        histogram.recordValueWithExpectedInterval(Math.max(0, micros), intervalMicros);
    }

    String name() {
        return name;
    }

    synchronized long count() {
        return histogram.getTotalCount() + early;
    }

    synchronized long early() {
        return early;
    }

    synchronized double percentileMillis(double percentile) {
        return histogram.getValueAtPercentile(percentile) / 1000.0;
    }

    synchronized double maxMillis() {
        return histogram.getMaxValue() / 1000.0;
    }

    /** {@code name: n=…, p50=… p90=… p99=… p99.9=… max=… ms, early=…}. */
    synchronized String summary() {
        return String.format("%s: n=%d, p50=%.1f p90=%.1f p99=%.1f p99.9=%.1f max=%.1f ms, early=%d%s", name,
                count(), percentileMillis(50), percentileMillis(90), percentileMillis(99), percentileMillis(99.9),
                maxMillis(), early, early > 0 ? " (earliest " + (-earliestMicros / 1000.0) + " ms early)" : "");
    }

    /** A Markdown table row: | name | n | p50 | p90 | p99 | p99.9 | max | early |. */
    synchronized String row() {
        return String.format("| %s | %d | %.1f | %.1f | %.1f | %.1f | %.1f | %d |", name, count(), percentileMillis(50),
                percentileMillis(90), percentileMillis(99), percentileMillis(99.9), maxMillis(), early);
    }

    static String header() {
        return "| distribution (ms) | n | p50 | p90 | p99 | p99.9 | max | early |\n|---|---|---|---|---|---|---|---|";
    }
}
