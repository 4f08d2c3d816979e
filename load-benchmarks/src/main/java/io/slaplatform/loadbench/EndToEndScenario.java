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
 * <p>System properties: {@code bench.end-to-end.rate} (200) requests a second; {@code bench.end-to-end.seconds}
 * (60) measured; {@code bench.end-to-end.warmup-seconds} (120: three cold services compile for about that long on
 * two cores) at the same rate first, not measured: the measured run starts once every warm-up request has its
 * ClockStarted, from an empty pipeline.
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
    private final double rate = Double.parseDouble(System.getProperty("bench.end-to-end.rate", "200"));
    private final int seconds = Integer.getInteger("bench.end-to-end.seconds", 60);
    private final int warmUpSeconds = Integer.getInteger("bench.end-to-end.warmup-seconds", 120);

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
                    stack.newSchema("bench_e2e_intake"),
                    Stream.concat(BenchStack.SERVICE_HEAP.stream(), IntakeScenario.UNTHROTTLED_INTAKE.stream())
                            .toList(), Map.of());
            services.add(intake);
            ServiceProcess eligibility = stack.start("eligibility-service", "end-to-end-eligibility",
                    stack.newSchema("bench_e2e_eligibility"), BenchStack.SERVICE_HEAP, Map.of());
            services.add(eligibility);
            services.add(stack.start("sla-clock-service", "end-to-end-sla-clock",
                    stack.newSchema("bench_e2e_sla_clock"), BenchStack.SERVICE_HEAP, Map.of()));

            PlatformAdmin admin = new PlatformAdmin(stack);
            admin.registerEnterpriseLicense(eligibility, LICENSE_EMAIL, COUNTRY, clock);
            HttpLoad.Target target = new HttpLoad.Target(intake.port(), "/requests",
                    Map.of("X-API-Key", admin.createApiKey(intake, "load-benchmark-end-to-end")));
            CONSUMER_GROUPS.forEach((group, topics) ->
                    ConsumerGroups.awaitAssigned(stack, group, topics, GROUP_TIMEOUT));

            Chain chain = new Chain(clock, rateText());
            try (TopicWatcher clocks = new TopicWatcher(stack.bootstrapServers(), Topics.SLA_CLOCK,
                    chain::clockRecord);
                 TopicWatcher decisions = new TopicWatcher(stack.bootstrapServers(), Topics.SUPPORT_ELIGIBILITY,
                         chain::decision);
                 HttpLoad load = new HttpLoad(MAX_CONNECTIONS)) {
                measure(load, target, chain, List.of(clocks, decisions), report);
            }
        } finally {
            services.forEach(stack::stop);
        }
    }

    private void measure(HttpLoad load, HttpLoad.Target target, Chain chain, List<TopicWatcher> watchers,
                         Report report) {
        LongFunction<Buffer> bodies = n -> IntakeScenario.newSupportRequest(LICENSE_EMAIL, n);
        // Warm-up at the same rate; the measured run starts once the chain has caught up with it.
        HttpLoad.Run warmUp = load.openLoop(target, bodies, rate, Duration.ofSeconds(warmUpSeconds),
                outcome -> chain.answered(outcome, false));
        Duration warmUpCatchUp = awaitClocks(chain, watchers);
        HttpLoad.Run measured = load.openLoop(target, bodies, rate, Duration.ofSeconds(seconds),
                outcome -> chain.answered(outcome, true));
        awaitClocks(chain, watchers);

        Latency endToEnd = new Latency("end-to-end: submit -> ClockStarted on Kafka, " + rateText());
        List<String> missing = new ArrayList<>();
        chain.posted.forEach((id, posted) -> {
            Instant appended = chain.clockStartedAt.get(id);
            if (appended == null) {
                missing.add(id);
            } else if (posted.measured()) {
                endToEnd.record(Duration.between(posted.intendedAt(), appended));
            }
        });

        double p99 = endToEnd.percentileMillis(99);
        report.figure(NAME, "submit -> ClockStarted p99 at " + rateText() + " (open loop)", Report.millis(p99),
                Report.millis(chain.http.percentileMillis(99)) + " (HTTP send -> 201)", "", "<= 250 ms",
                endToEnd.count() > 0 && p99 <= P99_GOAL_MILLIS);
        report.distribution(endToEnd);
        report.distribution(chain.http);
        long created = warmUp.created() + measured.created();
        long errors = warmUp.errorCount() + measured.errorCount();
        report.figure(NAME, "answers other than 201 (warm-up and measured)", String.valueOf(errors), "", "", "0",
                errors == 0);
        report.figure(NAME, "201s with a ClockStarted on sla.clock (warm-up and measured)",
                (chain.posted.size() - missing.size()) + " of " + created, "", "", "all",
                missing.isEmpty() && chain.posted.size() == created);
        report.note(String.format(Locale.ROOT, "end-to-end: open loop at %s, %d s warm-up (every ClockStarted in "
                        + "%.1f s after its last answer), then %d s measured (%d requests); one Enterprise license "
                        + "(%s); services with %s", rateText(), warmUpSeconds, warmUpCatchUp.toMillis() / 1000.0,
                seconds, chain.http.count(), COUNTRY, String.join(" ", BenchStack.SERVICE_HEAP)));
        if (errors > 0) {
            report.note("end-to-end: answers other than 201: warm-up " + warmUp.errors() + ", measured "
                    + measured.errors());
        }
        if (!missing.isEmpty()) {
            long rejected = missing.stream().filter(chain.rejected::contains).count();
            report.note(String.format(Locale.ROOT, "end-to-end: %d accepted posts without ClockStarted %d s after "
                            + "the load (%d of them rejected by eligibility), e.g. %s", missing.size(),
                    CLOCK_TIMEOUT.toSeconds(), rejected,
                    missing.stream().limit(MISSING_SHOWN).collect(Collectors.joining(", "))));
        }
    }

    private String rateText() {
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

    /** An accepted post: when it was due to be sent, and whether it was sent in the measured run. */
    private record Posted(Instant intendedAt, boolean measured) {
    }

    /** What the scenario follows along the chain, filled on the driver's and the watchers' threads. */
    private static final class Chain {
        /** Accepted posts by request id. */
        final Map<String, Posted> posted = new ConcurrentHashMap<>();
        /** The append time of each request's first ClockStarted. */
        final Map<String, Instant> clockStartedAt = new ConcurrentHashMap<>();
        /** Requests eligibility rejected: they get no clock. */
        final Set<String> rejected = ConcurrentHashMap.newKeySet();
        /** The HTTP latency of the measured posts answered 201. */
        final Latency http;
        /** Pairs the wall clock with the driver's nanoTime, to date intended sends like the broker's append times. */
        private final Instant anchor;
        private final long anchorNanos;

        Chain(Clock clock, String rateText) {
            http = new Latency("end-to-end: HTTP POST /requests, send -> 201, " + rateText);
            anchor = clock.instant();
            anchorNanos = System.nanoTime();
        }

        /** On the driver's event loop: remembers an accepted post. */
        void answered(HttpLoad.Outcome outcome, boolean measured) {
            if (outcome.created() && outcome.location() != null) {
                String location = outcome.location();
                posted.put(location.substring(location.lastIndexOf('/') + 1),
                        new Posted(anchor.plusNanos(outcome.intendedNanos() - anchorNanos), measured));
                if (measured) {
                    http.record(outcome.latency());
                }
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
