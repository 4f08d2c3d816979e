package io.slaplatform.loadbench;

import io.slaplatform.events.Topics;
import io.slaplatform.localstack.ServiceProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * The SLA timers of sla-clock-service (packaged, its own process, the image's heap for a 512 MiB container):
 * firing lag under a steady stream of deadlines, a burst against db-scheduler, resident memory and restart, each
 * first without a backlog (the baseline) and then with {@code bench.timers.backlog} open timers in PostgreSQL.
 * Lag is from a breach's deadline to the append time of its {@code Breached} record on Kafka.
 */
final class TimerScenarios implements Scenario {

    private static final String NAME = "timers";
    private static final Clock CLOCK = Clock.systemUTC();

    private final int backlog = Integer.getInteger("bench.timers.backlog", 1_000_000);
    private final int rate = Integer.getInteger("bench.timers.rate", 200);
    private final int seconds = Integer.getInteger("bench.timers.seconds", 60);
    private final int baselineSeconds = Integer.getInteger("bench.timers.baseline-seconds", 30);
    private final int warmUpSeconds = Integer.getInteger("bench.timers.warmup-seconds", 20);
    private final int burst = Integer.getInteger("bench.timers.burst", 10_000);
    private final int overdue = Integer.getInteger("bench.timers.overdue-at-restart", 10_000);
    /** db-scheduler's thread counts to try: its default (10) and more; the fastest is the baseline. */
    private final List<Integer> dbSchedulerThreads = Arrays.stream(
            System.getProperty("bench.timers.db-scheduler-threads", "10,32").split(","))
            .map(String::trim).map(Integer::valueOf).toList();
    private final Duration pollInterval = Duration.parse(System.getProperty("bench.timers.poll-interval", "PT0.1S"));
    private final Random random = new Random(20261127);
    /** Every breach seeded to fall due in this run, warm-ups included, with its deadline. */
    private final Map<UUID, Instant> seededSoFar = new LinkedHashMap<>();

    private BenchStack stack;
    private String schema;
    private ServiceProcess service;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void run(BenchStack stack, Report report) throws Exception {
        this.stack = stack;
        this.schema = stack.newSchema("bench_sla");
        service = startService();
        TimerSeeder seeder = new TimerSeeder(schema);
        try (BreachWatch breaches = new BreachWatch(stack, Topics.SLA_BREACHED, CLOCK)) {
            // A fresh JVM interprets and compiles for its first seconds: warm the firing path up, unmeasured.
            steady(seeder, breaches, warmUpSeconds, "warm-up (not counted)");
            // Baselines: the same measurements with no open timers.
            Latency lagEmpty = steady(seeder, breaches, baselineSeconds, "lag, no backlog");
            long rssEmpty = rssKiB();
            Burst oursEmpty = burst(seeder, breaches, "burst, sla-clock, no backlog");
            Burst dbScheduler = null;
            for (int threads : dbSchedulerThreads) {
                Burst run = dbSchedulerBurst(threads);
                report.distribution(run.lag);
                if (dbScheduler == null || run.drainMillis < dbScheduler.drainMillis) {
                    dbScheduler = run;
                }
            }
            Restart restartEmpty = restart(seeder, breaches, "no backlog");

            Instant seedStart = CLOCK.instant();
            seeder.seedOpen(backlog / 2, CLOCK.instant().plus(Duration.ofDays(1)), Duration.ofDays(60));
            long open = seeder.pending();
            report.note(String.format(Locale.ROOT, "timers: seeded %,d open timers (%,d tickets) by COPY in %ds",
                    open, backlog / 2, Duration.between(seedStart, CLOCK.instant()).toSeconds()));

            steady(seeder, breaches, warmUpSeconds, "warm-up after the restart (not counted)");
            Latency lag = steady(seeder, breaches, seconds, "lag, " + open + " open");
            long rss = rssKiB();
            long peak = statusKiB("VmHWM");
            Burst oursBacklog = burst(seeder, breaches, "burst, sla-clock, " + open + " open");
            Restart restart = restart(seeder, breaches, open + " open");

            report.distribution(lagEmpty);
            report.distribution(lag);
            report.figure(NAME, "firing lag p50, " + rate + " deadlines/s, " + open + " open timers",
                    Report.millis(lag.percentileMillis(50)), Report.millis(lagEmpty.percentileMillis(50)) + " (no backlog)",
                    Report.ratio(lag.percentileMillis(50) / lagEmpty.percentileMillis(50)), "≤ 50 ms",
                    lag.percentileMillis(50) <= 50);
            report.figure(NAME, "firing lag p99, same run", Report.millis(lag.percentileMillis(99)),
                    Report.millis(lagEmpty.percentileMillis(99)) + " (no backlog)",
                    Report.ratio(lag.percentileMillis(99) / lagEmpty.percentileMillis(99)), "≤ 250 ms",
                    lag.percentileMillis(99) <= 250);
            Latency everything = breaches.lag("all phases", seededSoFar);
            long missing = breaches.missing(seededSoFar.keySet());
            report.figure(NAME, String.format(Locale.ROOT, "early / missing / duplicate breaches, all phases (%,d timers)",
                            seededSoFar.size()), everything.early() + " / " + missing + " / " + breaches.duplicates(),
                    "", "", "0 / 0 / 0", everything.early() == 0 && missing == 0 && breaches.duplicates() == 0);

            report.distribution(oursEmpty.lag);
            report.distribution(oursBacklog.lag);
            report.figure(NAME, String.format(Locale.ROOT, "burst: %,d due in one second, all on Kafka after", burst),
                    Report.millis(oursEmpty.drainMillis), Report.millis(dbScheduler.drainMillis) + " (db-scheduler, best of "
                            + dbSchedulerThreads + " threads: " + dbScheduler.label + ")",
                    Report.ratio(dbScheduler.drainMillis / oursEmpty.drainMillis) + " faster",
                    "≤ 5000 ms, ≥ 2x db-scheduler",
                    oursEmpty.drainMillis <= 5000 && dbScheduler.drainMillis >= 2 * oursEmpty.drainMillis);
            report.figure(NAME, "burst with " + open + " open timers", Report.millis(oursBacklog.drainMillis),
                    Report.millis(oursEmpty.drainMillis) + " (no backlog)",
                    Report.ratio(oursBacklog.drainMillis / oursEmpty.drainMillis), "≤ 5000 ms",
                    oursBacklog.drainMillis <= 5000);

            report.figure(NAME, "sla-clock RSS with " + open + " open timers (peak " + peak / 1024 + " MiB)",
                    rss / 1024 + " MiB", rssEmpty / 1024 + " MiB (no backlog)",
                    Report.ratio((double) rss / rssEmpty), "≤ 512 MiB", rss <= 512 * 1024 && peak <= 512 * 1024);
            report.distribution(restartEmpty.lag);
            report.distribution(restart.lag);
            report.figure(NAME, String.format(Locale.ROOT,
                            "restart → first fire, %,d open + %,d overdue (all overdue on Kafka after %.1f s; ready after %.1f s)",
                            open, overdue, restart.allMillis / 1000, restart.readyMillis / 1000),
                    Report.millis(restart.firstMillis), Report.millis(restartEmpty.firstMillis) + " (no backlog)",
                    Report.ratio(restart.firstMillis / restartEmpty.firstMillis), "≤ 5000 ms",
                    restart.firstMillis <= 5000);
        } finally {
            stack.stop(service);
        }
    }

    private ServiceProcess startService() {
        return stack.start("sla-clock-service", "sla-clock", schema, serviceOptions(), Map.of());
    }

    private List<String> serviceOptions() {
        List<String> options = new ArrayList<>(BenchStack.SERVICE_HEAP);
        options.add("-Dsla.timer-poll-interval=" + pollInterval.toMillis() + "ms");
        return options;
    }

    /** A steady stream: {@code rate} breaches due per second for {@code duration} seconds, starting in 3 s. */
    private Latency steady(TimerSeeder seeder, BreachWatch breaches, int duration, String name) throws Exception {
        Instant start = CLOCK.instant().plusSeconds(3).truncatedTo(ChronoUnit.SECONDS);
        long stepNanos = 1_000_000_000L / rate;
        List<Instant> deadlines = new ArrayList<>();
        for (long i = 0; i < (long) rate * duration; i++) {
            deadlines.add(start.plusNanos(i * stepNanos).truncatedTo(ChronoUnit.MILLIS));
        }
        Map<UUID, Instant> seeded = seeder.seedDue(deadlines);
        seededSoFar.putAll(seeded);
        System.out.printf("  %s: %,d deadlines from %s, %d/s%n", name, seeded.size(), start, rate);
        breaches.awaitAll(seeded.keySet(), Duration.between(CLOCK.instant(), start).plusSeconds(duration + 30));
        Latency lag = breaches.lag(name, seeded);
        System.out.println("  " + lag.summary() + ", missing " + breaches.missing(seeded.keySet()));
        return lag;
    }

    private record Burst(String label, Latency lag, double drainMillis) {
    }

    /** {@code burst} breaches due within one second, 5 s from now; drain time from the start of that second. */
    private Burst burst(TimerSeeder seeder, BreachWatch breaches, String name) throws Exception {
        Map<UUID, Instant> seeded = seeder.seedDue(burstDeadlines(5));
        seededSoFar.putAll(seeded);
        return measureBurst(breaches, seeded, name);
    }

    private List<Instant> burstDeadlines(int inSeconds) {
        Instant second = CLOCK.instant().plusSeconds(inSeconds).truncatedTo(ChronoUnit.SECONDS);
        List<Instant> deadlines = new ArrayList<>();
        for (int i = 0; i < burst; i++) {
            deadlines.add(second.plusMillis(random.nextInt(1000)));
        }
        return deadlines;
    }

    private Burst measureBurst(BreachWatch breaches, Map<UUID, Instant> seeded, String name) throws Exception {
        Instant second = seeded.values().stream().min(Instant::compareTo).orElseThrow().truncatedTo(ChronoUnit.SECONDS);
        breaches.awaitAll(seeded.keySet(), Duration.between(CLOCK.instant(), second).plusSeconds(60));
        Latency lag = breaches.lag(name, seeded);
        double drain = breaches.last(seeded.keySet()).map(last -> Duration.between(second, last).toNanos() / 1e6)
                .orElse(Double.NaN);
        long missing = breaches.missing(seeded.keySet());
        System.out.printf(Locale.ROOT, "  %s: all on Kafka %.0f ms after the second began; %s, missing %d%n", name,
                drain, lag.summary(), missing);
        return new Burst(name, lag, drain);
    }

    private Burst dbSchedulerBurst(int threads) throws Exception {
        stack.createTopics(List.of(DbSchedulerBaseline.TOPIC));
        String dbsSchema = stack.newSchema("bench_dbs");
        try (BreachWatch records = new BreachWatch(stack, DbSchedulerBaseline.TOPIC, CLOCK);
             DbSchedulerBaseline baseline = new DbSchedulerBaseline(stack, dbsSchema, threads, pollInterval)) {
            Map<UUID, Instant> seeded = new LinkedHashMap<>();
            burstDeadlines(10).forEach(deadline -> seeded.put(UUID.randomUUID(), deadline));
            baseline.schedule(seeded);
            return measureBurst(records, seeded, "burst, db-scheduler, " + threads + " threads");
        }
    }

    private record Restart(Latency lag, double firstMillis, double allMillis, double readyMillis) {
    }

    /**
     * Kills sla-clock-service (SIGKILL), lets {@code overdue} breaches fall due while it is down, starts it again and
     * measures from the launch to the first and the last of them on Kafka.
     */
    private Restart restart(TimerSeeder seeder, BreachWatch breaches, String name) throws Exception {
        service.kill();
        stack.stop(service);
        Instant from = CLOCK.instant().plusMillis(500);
        List<Instant> deadlines = new ArrayList<>();
        for (int i = 0; i < overdue; i++) {
            deadlines.add(from.plusMillis(random.nextInt(1000)));
        }
        Map<UUID, Instant> seeded = seeder.seedDue(deadlines);
        seededSoFar.putAll(seeded);
        Thread.sleep(Math.max(0, Duration.between(CLOCK.instant(), from.plusSeconds(2)).toMillis()));
        Instant launched = CLOCK.instant();
        service = stack.launch("sla-clock-service", "sla-clock", schema, serviceOptions(), Map.of());
        service.awaitReady(Duration.ofSeconds(120));
        double ready = Duration.between(launched, CLOCK.instant()).toNanos() / 1e6;
        breaches.awaitAll(seeded.keySet(), Duration.ofSeconds(120));
        double first = breaches.first(seeded.keySet()).map(t -> Duration.between(launched, t).toNanos() / 1e6)
                .orElse(Double.NaN);
        double all = breaches.last(seeded.keySet()).map(t -> Duration.between(launched, t).toNanos() / 1e6)
                .orElse(Double.NaN);
        Latency lag = breaches.lag("restart, " + name + ": lag of the overdue", seeded);
        long missing = breaches.missing(seeded.keySet());
        System.out.printf(Locale.ROOT, "  restart, %s: ready %.0f ms, first fire %.0f ms, all %,d fired %.0f ms after "
                + "launch, missing %d%n", name, ready, first, overdue, all, missing);
        return new Restart(lag, first, all, ready);
    }

    /** The service's resident set (VmRSS), in KiB. */
    private long rssKiB() throws IOException {
        return statusKiB("VmRSS");
    }

    private long statusKiB(String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(service.pid()), "status"))) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IllegalStateException(field + " not in /proc/" + service.pid() + "/status");
    }
}
