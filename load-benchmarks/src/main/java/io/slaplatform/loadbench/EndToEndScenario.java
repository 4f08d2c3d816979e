package io.slaplatform.loadbench;

import io.slaplatform.events.EventType;
import io.slaplatform.events.Topics;
import io.slaplatform.localstack.ServiceProcess;
import io.vertx.core.buffer.Buffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongFunction;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * end-to-end: from a form backend's {@code POST /requests} to the request's ClockStarted on Kafka, through
 * intake-service (row, outbox, relay), eligibility-service (the decision against its license registry) and
 * sla-clock-service (the cycle planned, ClockStarted through its outbox). Each service runs as its image does
 * ({@link BenchStack#SERVICE_HEAP}), with a schema of its own.
 *
 * <p>Goal: p99 at most 250 ms at 200 requests a second. Requests go out open loop at that rate, all on one
 * registered Enterprise license; a request's latency runs from the instant it was due to be sent to the broker's
 * append time of its ClockStarted on sla.clock. The HTTP latency (send to 201) of the same requests is the baseline.
 * Every post must be answered 201, and every 201 must get its ClockStarted; missing ones are reported.
 *
 * <p>The rate may be a ladder ({@code 25,50,75,100}): after the warm-up each rate is measured in turn, each from an
 * empty pipeline, and the highest rate meeting the goal is reported. Each step also reports the CPU time each
 * process used per request ({@link ResourceUsage}), which is what bounds the sustainable rate on a small machine.
 * The ladder stops at the first rate whose ClockStarteds do not all arrive within {@link #CLOCK_TIMEOUT}: the
 * next step would start with a backlog.
 *
 * <p>System properties: {@code bench.end-to-end.rate} (200) requests a second, or a comma-separated ladder;
 * {@code bench.end-to-end.seconds} (60) measured per rate; {@code bench.end-to-end.warmup-seconds} (120: three
 * cold services compile for about that long on two cores) at the first rate, not measured: the measured run
 * starts once every warm-up request has its ClockStarted, from an empty pipeline.
 */
final class EndToEndScenario implements Scenario {

    static final String NAME = "end-to-end";
    private static final String LICENSE_EMAIL = "ops@end-to-end.bench.example";
    private static final String COUNTRY = "CH";
    private static final double P99_GOAL_MILLIS = 250;
    /** Each service's consumer group (application.properties) and the topics it reads. */
    private static final Map<String, List<String>> CONSUMER_GROUPS = Map.of(
            "intake-service", List.of(Topics.SUPPORT_ELIGIBILITY),
            "eligibility-service", List.of(Topics.SUPPORT_REQUESTS),
            "sla-clock-service", List.of(Topics.SUPPORT_REQUESTS, Topics.SUPPORT_ELIGIBILITY));
    private static final Duration GROUP_TIMEOUT = Duration.ofSeconds(180);
    /** How long after the last post the last ClockStarted may take. */
    private static final Duration CLOCK_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(50);
    /** Enough that no request waits for a connection at the rates of this scenario. */
    private static final int MAX_CONNECTIONS = 64;
    private static final int MISSING_SHOWN = 5;

    /** Wall-clock time, to compare with the broker's append times and to date the license. */
    private final Clock clock = Clock.systemUTC();
    private final List<Double> rates = Stream.of(System.getProperty("bench.end-to-end.rate", "200").split(","))
            .map(String::strip).map(Double::parseDouble).toList();
    private final int seconds = Integer.getInteger("bench.end-to-end.seconds", 60);
    private final int warmUpSeconds = Integer.getInteger("bench.end-to-end.warmup-seconds", 120);
    /** Kafka consumers per incoming channel of each service (SmallRye's {@code concurrency}); 1 as deployed. */
    private final int consumers = Integer.getInteger("bench.end-to-end.consumers-per-channel", 1);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void run(BenchStack stack, Report report) {
        // The groups skip whatever earlier scenarios of the run left on their topics.
        CONSUMER_GROUPS.forEach((group, topics) -> ConsumerGroups.startAtEnd(stack, group, topics));
        List<ServiceProcess> services = new ArrayList<>();
        try {
            ServiceProcess intake = stack.start("intake-service", "end-to-end-intake",
                    stack.newSchema("bench_e2e_intake"), Stream.of(jvmOptions("intake-service"),
                            IntakeScenario.UNTHROTTLED_INTAKE).flatMap(List::stream).toList(), Map.of());
            services.add(intake);
            ServiceProcess eligibility = stack.start("eligibility-service", "end-to-end-eligibility",
                    stack.newSchema("bench_e2e_eligibility"), jvmOptions("eligibility-service"), Map.of());
            services.add(eligibility);
            services.add(stack.start("sla-clock-service", "end-to-end-sla-clock",
                    stack.newSchema("bench_e2e_sla_clock"), jvmOptions("sla-clock-service"), Map.of()));

            PlatformAdmin admin = new PlatformAdmin(stack);
            admin.registerEnterpriseLicense(eligibility, LICENSE_EMAIL, COUNTRY, clock);
            HttpLoad.Target target = new HttpLoad.Target(intake.port(), "/requests",
                    Map.of("X-API-Key", admin.createApiKey(intake, "load-benchmark-end-to-end")));
            CONSUMER_GROUPS.forEach((group, topics) ->
                    ConsumerGroups.awaitAssigned(stack, group, topics, GROUP_TIMEOUT));

            Chain chain = new Chain(clock);
            try (TopicWatcher clocks = new TopicWatcher(stack.bootstrapServers(), Topics.SLA_CLOCK,
                    chain::clockRecord);
                 TopicWatcher decisions = new TopicWatcher(stack.bootstrapServers(), Topics.SUPPORT_ELIGIBILITY,
                         chain::decision);
                 HttpLoad load = new HttpLoad(MAX_CONNECTIONS)) {
                measure(load, target, chain, List.of(clocks, decisions), services, report);
            }
        } finally {
            services.forEach(stack::stop);
        }
    }

    /** The image's heap, and {@link #consumers} Kafka consumers on each channel of the service when more than one. */
    private List<String> jvmOptions(String service) {
        List<String> options = new ArrayList<>(BenchStack.SERVICE_HEAP);
        if (consumers > 1) {
            // The copies of a channel are named <channel>$1, $2...: each needs the topic named explicitly.
            CONSUMER_GROUPS.get(service).forEach(topic -> {
                options.add("-Dmp.messaging.incoming.\"" + topic + "\".concurrency=" + consumers);
                options.add("-Dmp.messaging.incoming.\"" + topic + "\".topic=" + topic);
            });
        }
        return options;
    }

    private void measure(HttpLoad load, HttpLoad.Target target, Chain chain, List<TopicWatcher> watchers,
                         List<ServiceProcess> services, Report report) {
        LongFunction<Buffer> bodies = n -> IntakeScenario.newSupportRequest(LICENSE_EMAIL, n);
        // Warm-up at the first rate; each measured step starts once the chain has caught up with what came before.
        ResourceUsage usageBefore = ResourceUsage.snapshot(services);
        long startNanos = System.nanoTime();
        HttpLoad.Run warmUp = load.openLoop(target, bodies, rates.get(0), Duration.ofSeconds(warmUpSeconds),
                outcome -> chain.answered(outcome, Step.WARM_UP));
        Duration warmUpCatchUp = awaitClocks(chain, watchers);
        report.note(String.format(Locale.ROOT, "end-to-end: %d s warm-up at %s (every ClockStarted %.1f s after "
                        + "its last answer; from its first request, %s), then %d s measured per rate; "
                        + "one Enterprise license (%s); services with %s; %d Kafka consumer(s) per channel of each "
                        + "service", warmUpSeconds, rateText(rates.get(0)),
                warmUpCatchUp.toMillis() / 1000.0, ResourceUsage.snapshot(services).perRequestSince(usageBefore,
                        warmUp.created(), Duration.ofNanos(System.nanoTime() - startNanos)),
                seconds, COUNTRY, String.join(" ", BenchStack.SERVICE_HEAP), consumers));
        long created = warmUp.created();
        long errors = warmUp.errorCount();
        List<String> errorsText = new ArrayList<>(List.of("warm-up " + warmUp.errors()));
        Double highestMet = null;
        for (double rate : rates) {
            Step step = new Step(rate);
            usageBefore = ResourceUsage.snapshot(services);
            startNanos = System.nanoTime();
            HttpLoad.Run measured = load.openLoop(target, bodies, rate, Duration.ofSeconds(seconds),
                    outcome -> chain.answered(outcome, step));
            Duration catchUp = awaitClocks(chain, watchers);
            String usage = ResourceUsage.snapshot(services).perRequestSince(usageBefore, measured.created(),
                    Duration.ofNanos(System.nanoTime() - startNanos));
            created += measured.created();
            errors += measured.errorCount();
            errorsText.add(rateText(rate) + " " + measured.errors());

            Latency endToEnd = new Latency("end-to-end: submit -> ClockStarted on Kafka, " + rateText(rate));
            long missingInStep = 0;
            for (Map.Entry<String, Posted> posted : chain.posted.entrySet()) {
                if (posted.getValue().step() != step) {
                    continue;
                }
                Instant appended = chain.clockStartedAt.get(posted.getKey());
                if (appended == null) {
                    missingInStep++;
                } else {
                    endToEnd.record(Duration.between(posted.getValue().intendedAt(), appended));
                }
            }
            double p99 = endToEnd.percentileMillis(99);
            boolean met = endToEnd.count() > 0 && p99 <= P99_GOAL_MILLIS && missingInStep == 0;
            report.figure(NAME, "submit -> ClockStarted p99 at " + rateText(rate) + " (open loop)",
                    Report.millis(p99), Report.millis(step.http.percentileMillis(99)) + " (HTTP send -> 201)", "",
                    "<= 250 ms", met);
            report.distribution(endToEnd);
            report.distribution(step.http);
            report.note(String.format(Locale.ROOT, "end-to-end at %s: %d requests, every ClockStarted %.1f s after "
                    + "the last answer; from the first request to the last ClockStarted, %s",
                    rateText(rate), measured.created(), catchUp.toMillis() / 1000.0, usage));
            if (met && (highestMet == null || rate > highestMet)) {
                highestMet = rate;
            }
            if (missingInStep > 0) {
                report.note(String.format(Locale.ROOT, "end-to-end: the ladder stops at %s: %d ClockStarteds "
                        + "missing %d s after its last answer", rateText(rate), missingInStep,
                        CLOCK_TIMEOUT.toSeconds()));
                break;
            }
        }
        if (rates.size() > 1) {
            report.figure(NAME, "highest rate of the ladder " + rates.stream().map(r -> rateText(r))
                            .collect(Collectors.joining(", ")) + " with p99 <= 250 ms",
                    highestMet == null ? "none" : rateText(highestMet), "", "", ">= 200 req/s",
                    highestMet != null && highestMet >= 200);
        }

        List<String> missing = chain.posted.keySet().stream().filter(id -> !chain.clockStartedAt.containsKey(id))
                .toList();
        report.figure(NAME, "answers other than 201 (warm-up and measured)", String.valueOf(errors), "", "", "0",
                errors == 0);
        report.figure(NAME, "201s with a ClockStarted on sla.clock (warm-up and measured)",
                (chain.posted.size() - missing.size()) + " of " + created, "", "", "all",
                missing.isEmpty() && chain.posted.size() == created);
        if (errors > 0) {
            report.note("end-to-end: answers other than 201: " + String.join(", ", errorsText));
        }
        if (!missing.isEmpty()) {
            long rejected = missing.stream().filter(chain.rejected::contains).count();
            report.note(String.format(Locale.ROOT, "end-to-end: %d accepted posts without ClockStarted %d s after "
                            + "the load (%d of them rejected by eligibility), e.g. %s", missing.size(),
                    CLOCK_TIMEOUT.toSeconds(), rejected,
                    missing.stream().limit(MISSING_SHOWN).collect(Collectors.joining(", "))));
        }
    }

    private static String rateText(double rate) {
        return String.format(Locale.ROOT, "%.0f req/s", rate);
    }

    /**
     * Waits until every accepted post has its ClockStarted, or {@link #CLOCK_TIMEOUT} has passed.
     *
     * @return how long it waited
     */
    private static Duration awaitClocks(Chain chain, List<TopicWatcher> watchers) {
        long startNanos = System.nanoTime();
        long deadline = startNanos + CLOCK_TIMEOUT.toNanos();
        while (!chain.clockStartedAt.keySet().containsAll(chain.posted.keySet())
                && System.nanoTime() - deadline < 0) {
            watchers.forEach(TopicWatcher::check);
            try {
                Thread.sleep(POLL_INTERVAL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    /** An accepted post: when it was due to be sent, and in which step of the run. */
    private record Posted(Instant intendedAt, Step step) {
    }

    /** The warm-up, or one measured rate with the HTTP latency of its posts answered 201. */
    private static final class Step {
        static final Step WARM_UP = new Step(0);
        final Latency http;

        Step(double rate) {
            http = new Latency("end-to-end: HTTP POST /requests, send -> 201, " + rateText(rate));
        }
    }

    /** What the scenario follows along the chain, filled on the driver's and the watchers' threads. */
    private static final class Chain {
        /** Accepted posts by request id. */
        final Map<String, Posted> posted = new ConcurrentHashMap<>();
        /** The append time of each request's first ClockStarted. */
        final Map<String, Instant> clockStartedAt = new ConcurrentHashMap<>();
        /** Requests eligibility rejected: they get no clock. */
        final Set<String> rejected = ConcurrentHashMap.newKeySet();
        /** Pairs the wall clock with the driver's nanoTime, to date intended sends like the broker's append times. */
        private final Instant anchor;
        private final long anchorNanos;

        Chain(Clock clock) {
            anchor = clock.instant();
            anchorNanos = System.nanoTime();
        }

        /** On the driver's event loop: remembers an accepted post. */
        void answered(HttpLoad.Outcome outcome, Step step) {
            if (outcome.created() && outcome.location() != null) {
                String location = outcome.location();
                posted.put(location.substring(location.lastIndexOf('/') + 1),
                        new Posted(anchor.plusNanos(outcome.intendedNanos() - anchorNanos), step));
                step.http.record(outcome.latency());
            }
        }

        void clockRecord(TopicWatcher.Received record) {
            if (EventType.CLOCK_STARTED.ceType().equals(record.ceType())) {
                clockStartedAt.putIfAbsent(record.key(), record.appendedAt());
            }
        }

        void decision(TopicWatcher.Received record) {
            if (EventType.REQUEST_REJECTED.ceType().equals(record.ceType())) {
                rejected.add(record.key());
            }
        }
    }
}
