package io.slaplatform.loadbench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The run's results: each figure with its goal and the baseline measured in the same run, and the latency
 * distributions behind them. Printed as Markdown and written to {@code load-benchmarks/target/bench/}.
 */
final class Report {

    /** One figure; {@code baseline} and {@code ratio} may be empty where the goal is absolute. */
    record Figure(String scenario, String figure, String value, String baseline, String ratio, String goal,
                  boolean met) {
    }

    private final List<Figure> figures = new ArrayList<>();
    private final List<Latency> distributions = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    synchronized void figure(String scenario, String figure, String value, String baseline, String ratio,
                             String goal, boolean met) {
        Figure f = new Figure(scenario, figure, value, baseline, ratio, goal, met);
        figures.add(f);
        System.out.printf("[%s] %s = %s (baseline %s, ratio %s; goal %s: %s)%n", scenario, figure, value,
                baseline.isEmpty() ? "-" : baseline, ratio.isEmpty() ? "-" : ratio, goal, met ? "MET" : "MISSED");
    }

    synchronized void distribution(Latency latency) {
        distributions.add(latency);
        System.out.println("  " + latency.summary());
    }

    synchronized void note(String text) {
        notes.add(text);
        System.out.println("  note: " + text);
    }

    synchronized boolean allMet() {
        return figures.stream().allMatch(Figure::met);
    }

    synchronized String markdown() {
        StringBuilder out = new StringBuilder();
        out.append("| scenario | figure | value | baseline (same run) | ratio | goal | |\n|---|---|---|---|---|---|---|\n");
        for (Figure f : figures) {
            out.append(String.format("| %s | %s | %s | %s | %s | %s | %s |%n", f.scenario(), f.figure(), f.value(),
                    f.baseline(), f.ratio(), f.goal(), f.met() ? "met" : "**missed**"));
        }
        if (!distributions.isEmpty()) {
            out.append('\n').append(Latency.header()).append('\n');
            distributions.forEach(d -> out.append(d.row()).append('\n'));
        }
        if (!notes.isEmpty()) {
            out.append('\n');
            notes.forEach(n -> out.append("- ").append(n).append('\n'));
        }
        return out.toString();
    }

    /** Writes the Markdown to {@code load-benchmarks/target/bench/results-<UTC time>.md}; returns the file. */
    synchronized Path write(Instant at) {
        String stamp = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT).withZone(ZoneOffset.UTC).format(at);
        Path file = BenchStack.OUT.resolve("results-" + stamp + ".md");
        try {
            Files.writeString(file, markdown());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    static String millis(double value) {
        return String.format(Locale.ROOT, "%.1f ms", value);
    }

    static String ratio(double value) {
        return String.format(Locale.ROOT, "%.2fx", value);
    }
}
