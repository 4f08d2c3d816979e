package io.slaplatform.loadbench;

import io.slaplatform.events.EventType;
import io.slaplatform.events.Impact;
import io.slaplatform.events.Topics;
import io.slaplatform.localstack.ServiceProcess;
import io.vertx.core.buffer.Buffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongFunction;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * intake: intake-service's {@code POST /requests} (API key check, validation, the request row, its history and its
 * outbox event in one transaction, then the relay to Kafka) side by side with a bare Quarkus endpoint doing one
 * INSERT per request (bench-baseline). Both run as their image does ({@link BenchStack#SERVICE_HEAP}), on
 * this run's PostgreSQL, and get the same bodies from the same driver settings.
 *
 * <p>Goals: intake's peak throughput at least 70% of the baseline's; intake's HTTP p99 at most 20 ms at half of
 * its peak.
 * <ol>
 *   <li>Peak: a closed loop of {@code bench.intake.connections} connections. Each endpoint is warmed up, then
 *       measured in alternating rounds (intake, baseline, intake, ...) so that drift of the machine hits both
 *       alike. After each intake run the driver waits until the relay has published everything intake accepted:
 *       the relay's backlog is noted, and not left to slow the baseline's round.</li>
 *   <li>Latency: an open loop at half of intake's peak, for each endpoint in turn, each request's latency counted
 *       from the instant it was due to be sent.</li>
 *   <li>Every request intake answered 201, in any phase, must reach support.requests as RequestSubmitted (watched
 *       from before the first request).</li>
 * </ol>
 * Any answer other than 201, on either endpoint, is an error and is reported.
 *
 * <p>System properties: {@code bench.intake.seconds} (20): measured seconds per endpoint at peak (split over the
 * rounds), and the length of each latency run; {@code bench.intake.warmup-seconds} (60: the JIT of a cold service
 * on two cores takes about that long to settle): closed-loop
 * warm-up per endpoint; {@code bench.intake.rounds} (2); {@code bench.intake.connections} (32).
 */
final class IntakeScenario implements Scenario {

    static final String NAME = "intake";
    /**
     * intake's rate limiter at its configuration maximum (1,000,000 a minute, as much at once), so the benchmark is
     * never throttled; an API key's own rate could not lift it that high (at most 100,000 a minute).
     */
    static final List<String> UNTHROTTLED_INTAKE = List.of(
            "-Dintake.rate-limit.per-minute=1000000",
            "-Dintake.rate-limit.burst=1000000");
    private static final double THROUGHPUT_GOAL = 0.70;
    private static final double P99_GOAL_MILLIS = 20;
    /** How long the relay may take, after a run, to publish what intake accepted in it. */
    private static final Duration RELAY_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(20);

    private final int seconds = Integer.getInteger("bench.intake.seconds", 20);
    private final int warmUpSeconds = Integer.getInteger("bench.intake.warmup-seconds", 60);
    private final int rounds = Integer.getInteger("bench.intake.rounds", 2);
    private final int connections = Integer.getInteger("bench.intake.connections", 32);

    @Override
    public String name() {
        return NAME;
    }

    /**
     * A valid body of {@code POST /requests} (intake's NewSupportRequest), the n-th of a run: impacts take turns,
     * the contact and subject carry {@code n}.
     */
    static Buffer newSupportRequest(String licenseEmail, long n) {
        Impact impact = Impact.values()[(int) (n % Impact.values().length)];
        return Buffer.buffer("{\"licenseEmail\":\"" + licenseEmail + "\","
                + "\"contactEmail\":\"contact-" + n + "@customer.example\","
                + "\"impact\":\"" + impact.name() + "\","
                + "\"subject\":\"Processing job " + n + " fails at the calibration step\","
                + "\"description\":\"Since the upgrade to 1.8 every processing job fails at the calibration step; "
                + "the log ends with an out-of-memory error on the second node. We restarted both nodes.\","
                + "\"country\":\"CH\",\"locale\":\"de-CH\"}");
    }

    @Override
    public void run(BenchStack stack, Report report) {
        // intake's group skips whatever earlier scenarios of the run left on support.eligibility.
        ConsumerGroups.startAtEnd(stack, "intake-service", List.of(Topics.SUPPORT_ELIGIBILITY));
        List<ServiceProcess> services = new ArrayList<>();
        try {
            ServiceProcess intake = stack.start("intake-service", "intake-intake", stack.newSchema("bench_intake"),
                    Stream.concat(BenchStack.SERVICE_HEAP.stream(), UNTHROTTLED_INTAKE.stream()).toList(), Map.of());
            services.add(intake);
            ServiceProcess baseline = stack.start("bench-baseline", "intake-baseline",
                    stack.newSchema("bench_baseline"), BenchStack.SERVICE_HEAP, Map.of());
            services.add(baseline);
            String apiKey = new PlatformAdmin(stack).createApiKey(intake, "load-benchmark");
            Side intakeSide = new Side(new HttpLoad.Target(intake.port(), "/requests",
                    Map.of("X-API-Key", apiKey)));
            Side baselineSide = new Side(new HttpLoad.Target(baseline.port(), "/requests", Map.of()));
            Publication publication = new Publication();
            try (TopicWatcher watcher = new TopicWatcher(stack.bootstrapServers(), Topics.SUPPORT_REQUESTS,
                    publication::received);
                 HttpLoad load = new HttpLoad(connections)) {
                measure(load, watcher, publication, intakeSide, baselineSide, report);
            }
        } finally {
            services.forEach(stack::stop);
        }
    }

    private void measure(HttpLoad load, TopicWatcher watcher, Publication publication, Side intakeSide,
                         Side baselineSide, Report report) {
        AtomicLong serial = new AtomicLong();
        // A license e-mail of its own per request, so that no index or cache sees the same value twice.
        LongFunction<Buffer> bodies = ignored -> {
            long n = serial.incrementAndGet();
            return newSupportRequest("ops-" + n + "@customer.example", n);
        };
        Consumer<HttpLoad.Outcome> intakeOutcomes = publication::answered;
        Consumer<HttpLoad.Outcome> baselineOutcomes = outcome -> {
        };
        List<String> relayNotes = new ArrayList<>();

        // Peak: warm-up, then alternating measured rounds of the same closed loop.
        Duration warmUp = Duration.ofSeconds(warmUpSeconds);
        intakeSide.add(load.closedLoop(intakeSide.target, bodies, connections, warmUp, Duration.ZERO, intakeOutcomes),
                false);
        relayNotes.add(awaitRelay("intake's warm-up", watcher, publication));
        baselineSide.add(load.closedLoop(baselineSide.target, bodies, connections, warmUp, Duration.ZERO,
                baselineOutcomes), false);
        Duration round = Duration.ofMillis(seconds * 1000L / rounds);
        for (int i = 1; i <= rounds; i++) {
            intakeSide.add(load.closedLoop(intakeSide.target, bodies, connections, Duration.ZERO, round,
                    intakeOutcomes), true);
            relayNotes.add(awaitRelay("intake's peak round " + i, watcher, publication));
            baselineSide.add(load.closedLoop(baselineSide.target, bodies, connections, Duration.ZERO, round,
                    baselineOutcomes), true);
        }
        double intakePeak = intakeSide.perSecond();
        double baselinePeak = baselineSide.perSecond();
        if (intakePeak <= 0) {
            throw new IllegalStateException("intake accepted nothing at peak: " + intakeSide.errors);
        }

        // Latency at half of intake's peak, open loop, the same rate for both endpoints.
        double rate = intakePeak / 2;
        Duration latencyRun = Duration.ofSeconds(seconds);
        String rateText = String.format(Locale.ROOT, "%.0f req/s", rate);
        Latency intakeLatency = new Latency("intake: HTTP POST /requests at half peak, " + rateText);
        intakeSide.add(load.openLoop(intakeSide.target, bodies, rate, latencyRun, outcome -> {
            intakeOutcomes.accept(outcome);
            recordCreated(intakeLatency, outcome);
        }), false);
        relayNotes.add(awaitRelay("intake's latency run", watcher, publication));
        Latency baselineLatency = new Latency("baseline: HTTP POST /requests (one INSERT) at " + rateText);
        baselineSide.add(load.openLoop(baselineSide.target, bodies, rate, latencyRun,
                outcome -> recordCreated(baselineLatency, outcome)), false);

        double ratio = intakePeak / baselinePeak;
        report.figure(NAME, "peak throughput (closed loop, " + connections + " connections)", perSecond(intakePeak),
                perSecond(baselinePeak), Report.ratio(ratio), ">= 0.70x baseline", ratio >= THROUGHPUT_GOAL);
        double intakeP99 = intakeLatency.percentileMillis(99);
        double baselineP99 = baselineLatency.percentileMillis(99);
        report.figure(NAME, "HTTP p99 at half peak (" + rateText + ", open loop)", Report.millis(intakeP99),
                Report.millis(baselineP99), Report.ratio(intakeP99 / baselineP99), "<= 20 ms",
                intakeLatency.count() > 0 && intakeP99 <= P99_GOAL_MILLIS);
        report.distribution(intakeLatency);
        report.distribution(baselineLatency);
        report.figure(NAME, "answers other than 201 (all phases)", intakeSide.errorText(), baselineSide.errorText(),
                "", "0 on both", intakeSide.errors.isEmpty() && baselineSide.errors.isEmpty());
        long published = publication.publishedCount();
        report.figure(NAME, "201s published to support.requests as RequestSubmitted",
                published + " of " + intakeSide.created, "", "", "all", published == intakeSide.created);
        report.note(String.format(Locale.ROOT, "intake: closed loop of %d connections, %d s warm-up per endpoint, "
                        + "%d alternating rounds of %.1f s per endpoint (%d and %d 201s measured); open loop %d s per "
                        + "endpoint at %s; services with %s; intake's rate limit raised to 1,000,000 a minute (%s)",
                connections, warmUpSeconds, rounds, round.toMillis() / 1000.0, intakeSide.measuredCreated,
                baselineSide.measuredCreated, seconds, rateText, String.join(" ", BenchStack.SERVICE_HEAP),
                String.join(" ", UNTHROTTLED_INTAKE)));
        relayNotes.forEach(report::note);
    }

    /** Records the latency of a 201; other answers are counted as errors instead. */
    private static void recordCreated(Latency latency, HttpLoad.Outcome outcome) {
        if (outcome.created()) {
            latency.record(outcome.latency());
        }
    }

    /**
     * Waits until the relay has published everything intake accepted so far.
     *
     * @return a note: how many accepted requests were not on Kafka yet when the load stopped, and how long they took
     */
    private static String awaitRelay(String run, TopicWatcher watcher, Publication publication) {
        long stoppedNanos = System.nanoTime();
        long backlog = publication.unpublished();
        long deadline = stoppedNanos + RELAY_TIMEOUT.toNanos();
        long pending = backlog;
        while (pending > 0 && System.nanoTime() - deadline < 0) {
            watcher.check();
            sleep(POLL_INTERVAL);
            pending = publication.unpublished();
        }
        long drainedMillis = Duration.ofNanos(System.nanoTime() - stoppedNanos).toMillis();
        return pending == 0
                ? String.format(Locale.ROOT, "relay after %s: %d accepted requests not yet on Kafka when the load "
                + "stopped, all published %d ms later", run, backlog, backlog == 0 ? 0 : drainedMillis)
                : String.format(Locale.ROOT, "relay after %s: %d accepted requests not yet on Kafka when the load "
                + "stopped, %d still missing after %d s", run, backlog, pending, RELAY_TIMEOUT.toSeconds());
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String perSecond(double value) {
        return String.format(Locale.ROOT, "%.0f req/s", value);
    }

    /** One endpoint's results over the scenario. Updated on the caller's thread, between runs. */
    private static final class Side {
        final HttpLoad.Target target;
        final Map<String, Long> errors = new TreeMap<>();
        long created;
        long measuredCreated;
        Duration measured = Duration.ZERO;

        Side(HttpLoad.Target target) {
            this.target = target;
        }

        /** Adds a run: its 201s and errors always, its throughput only when {@code peak} is a measured round. */
        void add(HttpLoad.Run run, boolean peak) {
            created += run.created();
            run.errors().forEach((error, count) -> errors.merge(error, count, Long::sum));
            if (peak) {
                measuredCreated += run.measuredCreated();
                measured = measured.plus(run.measured());
            }
        }

        /** 201s per second over the measured rounds. */
        double perSecond() {
            return measuredCreated / (measured.toNanos() / 1e9);
        }

        /** {@code 0}, or the count with its kinds, e.g. {@code 3 (HTTP 429: 3)}. */
        String errorText() {
            long total = errors.values().stream().mapToLong(Long::longValue).sum();
            return total == 0 ? "0" : total + " (" + errors.entrySet().stream()
                    .map(e -> e.getKey() + ": " + e.getValue()).collect(Collectors.joining(", ")) + ")";
        }
    }

    /** The ids intake answered 201 for (from the Location header), and the RequestSubmitted keys on Kafka. */
    private static final class Publication {
        private final Set<String> accepted = ConcurrentHashMap.newKeySet();
        private final Set<String> published = ConcurrentHashMap.newKeySet();

        /** On the driver's event loop. */
        void answered(HttpLoad.Outcome outcome) {
            if (outcome.created() && outcome.location() != null) {
                String location = outcome.location();
                accepted.add(location.substring(location.lastIndexOf('/') + 1));
            }
        }

        /** On the watcher's thread. */
        void received(TopicWatcher.Received record) {
            if (EventType.REQUEST_SUBMITTED.ceType().equals(record.ceType())) {
                published.add(record.key());
            }
        }

        long unpublished() {
            return accepted.stream().filter(id -> !published.contains(id)).count();
        }

        /** How many of the accepted requests were published. */
        long publishedCount() {
            return accepted.stream().filter(published::contains).count();
        }
    }
}
