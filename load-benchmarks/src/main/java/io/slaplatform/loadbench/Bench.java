package io.slaplatform.loadbench;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs benchmark scenarios one after the other on one stack and prints the table of figures with their
 * baselines. Usage: {@code scripts/bench.sh [scenario...]} (all when none is named); see docs/benchmarks.md.
 */
public final class Bench {

    private static final Map<String, Scenario> SCENARIOS = new LinkedHashMap<>();

    static {
        register(new TimerScenarios());
        register(new IntakeScenario());
        register(new EndToEndScenario());
    }

    private static void register(Scenario scenario) {
        SCENARIOS.put(scenario.name(), scenario);
    }

    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        List<Scenario> chosen = new ArrayList<>();
        for (String arg : args) {
            Scenario scenario = SCENARIOS.get(arg);
            if (scenario == null) {
                System.err.println("Unknown scenario '" + arg + "'; known: " + String.join(", ", SCENARIOS.keySet()));
                System.exit(2);
            }
            chosen.add(scenario);
        }
        if (chosen.isEmpty()) {
            chosen.addAll(SCENARIOS.values());
        }
        Clock clock = Clock.systemUTC();
        Instant started = clock.instant();
        Report report = new Report();
        try (BenchStack stack = BenchStack.start(clock)) {
            for (Scenario scenario : chosen) {
                System.out.println("=== " + scenario.name() + " ===");
                Instant from = clock.instant();
                scenario.run(stack, report);
                System.out.printf("=== %s took %ds ===%n", scenario.name(),
                        Duration.between(from, clock.instant()).toSeconds());
            }
        }
        Path file = report.write(started);
        System.out.println();
        System.out.println(report.markdown());
        System.out.printf("Written to %s (run took %ds)%n", file,
                Duration.between(started, clock.instant()).toSeconds());
        System.exit(report.allMet() ? 0 : 1);
    }
}
