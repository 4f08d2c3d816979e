package io.slaplatform.systemtests;

import io.restassured.response.Response;
import io.slaplatform.events.Topics;
import io.slaplatform.localstack.ServiceProcess;
import io.slaplatform.testkit.AsyncApiContract;
import io.slaplatform.testkit.EmbeddedKafka;
import io.slaplatform.testkit.EmbeddedSmtp;
import io.slaplatform.testkit.EventLog;
import io.slaplatform.testkit.PostgresSchemas;
import io.slaplatform.testkit.ReceivedEvent;
import io.slaplatform.testkit.TcpProxy;
import java.io.IOException;
import java.io.UncheckedIOException;
import jakarta.mail.internet.MimeMessage;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fault suite (docs/reliability.md): the four packaged services under a stream of support requests while
 * faults are injected, then a Jepsen-style account of what the system promised: every acknowledged request (HTTP
 * 201) is on {@code support.requests} and gets its clock; every cycle left unanswered has exactly one warning and
 * one breach, none early; a cycle answered in time has neither; the lead gets each warning and breach mail once,
 * each customer one acknowledgement. Counts are printed; any loss, duplicate or early event fails the run.
 *
 * <p>Each round kills a random service with SIGKILL and restarts it, then injects one other fault, in turn: the
 * Kafka broker stopped and started again; PostgreSQL cut off (connections broken and refused) or blackholed
 * (nothing passes) through a TCP proxy between every service and the database; the SMTP server down, slow, or
 * refusing service ({@code 421}) through a proxy in front of it. After the last deadline every consumer is started
 * again in a fresh consumer group, so that it reads every topic from the start a second time, and the account is
 * taken after that replay.
 *
 * <p>Requests are MAJOR on a 24x7 test calendar (Iceland) with a target of {@value #MAJOR_SECONDS} s (warning at
 * 75 %). One in four is answered {@link #ANSWER_AFTER} after its 201; one in four is answered at the last moment,
 * 0 to {@link #LAST_MOMENT} before its deadline, while the faults go on, which is when a restarted or lagging clock
 * could breach a cycle that was answered in time; one in four is reclassified CRITICAL ({@value #CRITICAL_SECONDS}
 * s, retroactively: its deadline moves closer) {@link #RECLASSIFY_AFTER} after its 201 and left unanswered; the
 * rest are left unanswered. The clients behave as a form backend and a support agent would: a submit is retried
 * with the same {@code Idempotency-Key} until it is answered 201, an answer or a reclassification until it is
 * recorded. Which outcome a cycle must have follows from what the system recorded, not from the plan: the cycle's
 * final deadline (its {@code DeadlineChanged}, else its {@code ClockStarted}) and the instant intake recorded its
 * answer ({@code SupportResponded.respondedAt}), so a late answer (intake was down) is judged by when it was
 * given. The account has two rows of its own that must stay at zero: <b>false breaches</b> (a {@code Breached} for a
 * cycle whose answer was recorded, and on Kafka, before the deadline) and <b>stale warnings</b> (a warning
 * sla-clock fired, in its audit trail, at or after its deadline); a warning fired before its deadline that reached
 * Kafka only after it (its outbox relay or the broker behind) is counted apart. A warning the clock could only fire
 * after its deadline (it was down or behind across both instants) is not sent; sla-clock records it as skipped, and the account expects no warning and no warning mail
 * for that cycle. An answer intake recorded before a due instant but could hand to Kafka only after it (intake
 * killed or cut off from its database with the answer in its outbox) is in intake's publication window, a known
 * limit: either outcome is taken for that instant, and the account reports how many there were and the longest
 * delay from an answer's recording to Kafka.
 *
 * <p>In {@code ./mvnw verify} it runs a short version of {@value #DEFAULT_ROUNDS} rounds, one every
 * {@value #DEFAULT_ROUND_SECONDS} s. {@code scripts/faults.sh} runs the long one; system properties
 * {@code faults.rounds}, {@code faults.round-seconds}, {@code faults.request-interval-millis} and
 * {@code faults.seed} set its size and its random choices.
 */
class FaultSuiteIT {

    static final int MAJOR_SECONDS = 60;
    static final int CRITICAL_SECONDS = 40;
    private static final Duration ANSWER_AFTER = Duration.ofSeconds(2);
    /** A last-moment answer is given this long or less before the deadline (a random share of it). */
    private static final Duration LAST_MOMENT = Duration.ofSeconds(5);
    private static final Duration RECLASSIFY_AFTER = Duration.ofSeconds(5);
    static final int DEFAULT_ROUNDS = 4;
    static final int DEFAULT_ROUND_SECONDS = 20;
    private static final Duration CLIENT_RETRY = Duration.ofMillis(500);
    private static final Duration CLIENT_GIVES_UP = Duration.ofSeconds(90);
    /** How long each service may take to read every topic again (the long run's topics hold ~10,000 events). */
    private static final Duration REPLAY_TIMEOUT = Duration.ofMinutes(10);
    /** After the last deadline: time for the last breaches and their mails. */
    private static final Duration SETTLE = Duration.ofSeconds(30);
    private static final String LEAD = "lead@vendor.example";
    /** Each service's consumer group (application.properties) and the topics its channels read. */
    private static final Map<String, List<String>> CHANNELS = new LinkedHashMap<>();

    static {
        CHANNELS.put("intake-service", List.of(Topics.SUPPORT_ELIGIBILITY));
        CHANNELS.put("eligibility-service", List.of(Topics.SUPPORT_REQUESTS));
        CHANNELS.put("sla-clock-service", List.of(Topics.SUPPORT_REQUESTS, Topics.SUPPORT_ELIGIBILITY));
        CHANNELS.put("notifier-service", List.of(Topics.SUPPORT_REQUESTS, Topics.SUPPORT_ELIGIBILITY,
                Topics.SUPPORT_LICENSES, Topics.SLA_CLOCK, Topics.SLA_DEADLINE_APPROACHING, Topics.SLA_BREACHED));
    }

    private static final List<String> MODULES = List.copyOf(CHANNELS.keySet());
    /** The faults injected after each round's kill, in turn. */
    private static final List<String> OTHER_FAULTS = List.of("broker", "postgres", "smtp");
    private static final String SMTP_REFUSAL = "421 4.3.2 Service not available, closing transmission channel\r\n";

    private static final int ROUNDS = Integer.getInteger("faults.rounds", DEFAULT_ROUNDS);
    private static final Duration ROUND =
            Duration.ofSeconds(Integer.getInteger("faults.round-seconds", DEFAULT_ROUND_SECONDS));
    private static final Duration REQUEST_INTERVAL =
            Duration.ofMillis(Integer.getInteger("faults.request-interval-millis", 2000));
    private static final long SEED = Long.getLong("faults.seed", new Random().nextLong());

    private static EmbeddedKafka kafka;
    private static EmbeddedSmtp smtp;
    /** Between every service and PostgreSQL. */
    private static TcpProxy postgres;
    /** Between the notifier and the SMTP server. */
    private static TcpProxy smtpProxy;
    private static EventLog events;
    private static PackagedServices services;
    /** The running instance of each module; replaced at each restart. */
    private static final Map<String, ServiceProcess> live = new ConcurrentHashMap<>();
    private static final Map<String, String> schemas = new LinkedHashMap<>();
    private static final Map<String, Integer> generations = new ConcurrentHashMap<>();
    private static String apiKey;
    private static String licenseEmail;

    @BeforeAll
    static void startSystem() {
        kafka = EmbeddedKafka.start();
        kafka.createTopics(Topics.ALL, 3);
        smtp = EmbeddedSmtp.start(PackagedServices.freePort());
        postgres = PostgresSchemas.proxy();
        try {
            smtpProxy = new TcpProxy(smtp.host(), smtp.port());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        events = EventLog.of(kafka.bootstrapServers(), Topics.ALL);
        services = new PackagedServices(kafka.bootstrapServers());
        MODULES.forEach(module -> schemas.put(module, services.newSchema()));
        MODULES.forEach(module -> launch(module, List.of()));
        live.values().forEach(service -> service.awaitReady(PackagedServices.READY_TIMEOUT));
        awaitGroups();
        apiKey = services.createApiKey(live.get("intake-service"), "fault-suite-form");
        licenseEmail = "ops-" + UUID.randomUUID() + "@customer.is";
        services.registerEnterpriseLicense(live.get("eligibility-service"), licenseEmail, "IS");
        services.as(live.get("notifier-service"), PackagedServices.LEAD)
                .body(Map.of("email", LEAD, "eventTypes", List.of("DeadlineApproaching", "Breached")))
                .when().post("/subscriptions").then().statusCode(201);
    }

    @AfterAll
    static void stopSystem() {
        PackagedServices.closeAll(services, events, smtpProxy, smtp, postgres, kafka);
    }

    /**
     * Starts a module's next instance on its schema, reaching PostgreSQL through the proxy; each instance logs to
     * a file of its own.
     */
    private static void launch(String module, List<String> extraOptions) {
        int generation = generations.merge(module, 1, Integer::sum);
        List<String> options = new ArrayList<>(options(module));
        options.addAll(extraOptions);
        live.put(module, services.launch(module, "faults-" + module.replace("-service", "") + "-" + generation,
                schemas.get(module), options,
                Map.of("QUARKUS_DATASOURCE_JDBC_URL", PostgresSchemas.urlThrough(postgres))));
    }

    /**
     * Starts a module's next instance and waits until it is ready, starting it again should it exit first (it
     * cannot migrate while the database is cut off): what Kubernetes does with a crashed pod.
     *
     * @return milliseconds from the first launch to ready
     */
    private static long restart(String module, List<String> extraOptions) {
        long start = System.nanoTime();
        while (true) {
            launch(module, extraOptions);
            try {
                live.get(module).awaitReady(PackagedServices.READY_TIMEOUT);
                return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            } catch (RuntimeException exitedOrTimedOut) {
                live.get(module).kill();
                System.out.printf("Fault suite: %s did not start (%s); starting it again%n", module,
                        exitedOrTimedOut.getMessage().lines().findFirst().orElse(""));
            }
        }
    }

    private static List<String> options(String module) {
        List<String> options = new ArrayList<>(List.of(
                // a killed member's partitions move to its successor after 6 s, not the default 45 s
                "-Dkafka.session.timeout.ms=6000",
                "-Dkafka.heartbeat.interval.ms=1000"));
        switch (module) {
            case "sla-clock-service" -> options.addAll(PackagedServices.with(PackagedServices.SLA_CLOCK_24X7,
                    "-Dsla.targets.MAJOR=PT" + MAJOR_SECONDS + "S",
                    "-Dsla.targets.CRITICAL=PT" + CRITICAL_SECONDS + "S",
                    "-Dsla.timer-poll-interval=100ms"));
            case "notifier-service" -> options.addAll(PackagedServices.with(PackagedServices.NOTIFIER_24X7,
                    "-Dquarkus.mailer.host=127.0.0.1",
                    "-Dquarkus.mailer.port=" + smtpProxy.port(),
                    // retries within the run: from 1 s to 4 s apart, never parked, and a hung server times out
                    "-Dquarkus.mailer.timeout=5s",
                    "-Dnotifier.sender.initial-backoff=1s",
                    "-Dnotifier.sender.max-backoff=4s",
                    "-Dnotifier.sender.max-attempts=1000",
                    "-Dnotifier.sender.poll-interval=100ms"));
            case "intake-service" -> options.add("-Dintake.rate-limit.per-minute=100000");
            default -> { }
        }
        return options;
    }

    private static void awaitGroups() {
        CHANNELS.forEach((group, topics) -> services.awaitConsumerGroup(group, topics, 3));
    }

    /** What support does after a request's 201. */
    private enum FollowUp {
        NONE, ANSWER, LAST_MOMENT_ANSWER, RECLASSIFY;

        static FollowUp of(int n) {
            return switch (n % 4) {
                case 0 -> ANSWER;
                case 1 -> RECLASSIFY;
                case 2 -> LAST_MOMENT_ANSWER;
                default -> NONE;
            };
        }

        /** How long after the 201 it happens; a last-moment answer 0 to LAST_MOMENT before the MAJOR deadline. */
        Duration after(Random random) {
            return switch (this) {
                case NONE -> Duration.ZERO;
                case ANSWER -> ANSWER_AFTER;
                case RECLASSIFY -> RECLASSIFY_AFTER;
                case LAST_MOMENT_ANSWER -> Duration.ofSeconds(MAJOR_SECONDS)
                        .minusMillis(random.nextInt((int) LAST_MOMENT.toMillis() + 1));
            };
        }
    }

    /**
     * One request of the workload, as its clients saw it.
     *
     * @param followUpAfter how long after the 201 support follows it up
     */
    private record Submitted(int n, String subject, String contact, FollowUp followUp, Duration followUpAfter,
                             String idempotencyKey) {
    }

    @Test
    void nothingIsLostDuplicatedOrEarlyUnderFaults() throws InterruptedException {
        System.out.printf("Fault suite: %d rounds of %d s, a request every %d ms, seed %d%n", ROUNDS,
                ROUND.toSeconds(), REQUEST_INTERVAL.toMillis(), SEED);
        Random random = new Random(SEED);
        Duration load = ROUND.multipliedBy(ROUNDS);
        Map<String, Submitted> acknowledged = new ConcurrentHashMap<>();
        List<String> clientFailures = Collections.synchronizedList(new ArrayList<>());
        Map<FollowUp, AtomicInteger> followUpsRecorded = new ConcurrentHashMap<>();
        ScheduledExecutorService clients = Executors.newScheduledThreadPool(8);
        int requests = (int) (load.toMillis() / REQUEST_INTERVAL.toMillis());
        CountDownLatch finished = new CountDownLatch(requests); // a request's flow: its submit, then its follow-up
        for (int n = 0; n < requests; n++) {
            FollowUp followUp = FollowUp.of(n);
            Submitted request = new Submitted(n, "Fault suite #" + n + " " + UUID.randomUUID(),
                    "contact-" + n + "-" + UUID.randomUUID() + "@customer.is", followUp,
                    followUp.after(random), UUID.randomUUID().toString());
            clients.schedule(() -> {
                String id = client("submit #" + request.n(), clientFailures, () -> submit(request));
                if (id == null) {
                    finished.countDown();
                    return;
                }
                acknowledged.put(id, request);
                if (request.followUp() == FollowUp.NONE) {
                    finished.countDown();
                    return;
                }
                clients.schedule(() -> {
                    Attempt action = request.followUp() == FollowUp.RECLASSIFY ? () -> reclassify(id) : () -> answer(id);
                    if (client(request.followUp() + " " + id, clientFailures, action) != null) {
                        followUpsRecorded.computeIfAbsent(request.followUp(), f -> new AtomicInteger())
                                .incrementAndGet();
                    }
                    finished.countDown();
                }, request.followUpAfter().toMillis(), TimeUnit.MILLISECONDS);
            }, n * REQUEST_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        }

        Map<String, Integer> faults = new TreeMap<>();
        List<Long> restartMillis = new ArrayList<>();
        long loadStart = System.nanoTime();
        for (int round = 0; round < ROUNDS; round++) {
            // a SIGKILL at a random moment of the round's first third, and the service started again
            sleepUntil(loadStart + ROUND.multipliedBy(round).toNanos()
                    + TimeUnit.MILLISECONDS.toNanos(random.nextInt((int) ROUND.toMillis() / 3)));
            String module = MODULES.get(random.nextInt(MODULES.size()));
            ServiceProcess victim = live.get(module);
            assertThat(victim.kill()).as("SIGKILL of %s", victim.name()).hasValue(137);
            faults.merge("SIGKILL " + module, 1, Integer::sum);
            Thread.sleep(random.nextInt(2000));
            restartMillis.add(restart(module, List.of()));
            // then one other fault, in turn, for 2 to 6 s
            faults.merge(injectAndRestore(OTHER_FAULTS.get(round % OTHER_FAULTS.size()), random), 1, Integer::sum);
        }
        assertThat(finished.await(load.plus(CLIENT_GIVES_UP).multipliedBy(2).toSeconds(), TimeUnit.SECONDS))
                .as("the clients finished").isTrue();
        clients.shutdownNow();
        assertThat(clientFailures).as("requests and answers the clients could not get recorded").isEmpty();

        // Every cycle's deadline has passed, and the last mails had time to go out.
        Instant lastDeadline = acknowledged.keySet().stream()
                .map(id -> events.await(id, "ClockStarted", CLIENT_GIVES_UP))
                .map(started -> Instant.parse(started.json().path("deadline").asText()))
                .max(Instant::compareTo).orElseThrow();
        PackagedServices.sleepUntil(lastDeadline.plus(SETTLE));
        long replayMillis = replayEveryTopic();

        Account account = new Account();
        acknowledged.forEach((id, request) -> account.check(id, request));
        // Nothing invented either: a retried submit (same Idempotency-Key) must not make a second request.
        List<String> unacknowledged = events.all().stream().filter(e -> "RequestSubmitted".equals(e.type()))
                .map(ReceivedEvent::key).filter(key -> !acknowledged.containsKey(key)).distinct().toList();
        System.out.printf("Fault suite, seed %d: %d requests acknowledged, follow-ups recorded %s; faults %s; restart "
                        + "to ready %s ms; every topic replayed into fresh consumer groups in %d ms%n%s"
                        + "requests on support.requests that no client was acknowledged: %d%n", SEED,
                acknowledged.size(), followUpsRecorded, faults, restartMillis, replayMillis, account.table(),
                unacknowledged.size());
        assertThat(acknowledged).hasSize(requests);
        assertThat(account.problems).as("losses, duplicates and early events").isEmpty();
        assertThat(unacknowledged).as("requests no client was acknowledged").isEmpty();
        AsyncApiContract.load().assertConforms(events.all());
    }

    /**
     * Makes the broker, PostgreSQL or the SMTP server misbehave for 2 to 6 s, then puts it right.
     *
     * @return what was done, e.g. {@code "PostgreSQL blackholed"}
     */
    private static String injectAndRestore(String kind, Random random) throws InterruptedException {
        Duration outage = Duration.ofMillis(2000 + random.nextInt(4000));
        String fault;
        Runnable restore;
        switch (kind) {
            case "broker" -> {
                kafka.stopBroker();
                fault = "Kafka broker stopped";
                restore = kafka::startBroker;
            }
            case "postgres" -> {
                if (random.nextBoolean()) {
                    postgres.cut();
                    fault = "PostgreSQL cut off";
                } else {
                    postgres.blackhole();
                    fault = "PostgreSQL blackholed";
                }
                restore = postgres::restore;
            }
            case "smtp" -> {
                switch (random.nextInt(3)) {
                    case 0 -> {
                        smtpProxy.cut();
                        fault = "SMTP down";
                    }
                    case 1 -> {
                        smtpProxy.slow(Duration.ofMillis(200));
                        fault = "SMTP slow";
                    }
                    default -> {
                        smtpProxy.answerAndClose(SMTP_REFUSAL);
                        fault = "SMTP refusing";
                    }
                }
                restore = smtpProxy::restore;
            }
            default -> throw new IllegalArgumentException(kind);
        }
        Thread.sleep(outage.toMillis());
        restore.run();
        return fault;
    }

    /**
     * The same input events delivered twice: every service is stopped and started in a fresh consumer group of its
     * own, so it reads every topic from the start again; waits until each has read to the end of them.
     *
     * @return how long it took
     */
    private static long replayEveryTopic() {
        long start = System.nanoTime();
        for (String module : MODULES) {
            live.get(module).stop();
            List<String> freshGroups = CHANNELS.get(module).stream()
                    .map(topic -> "-Dmp.messaging.incoming.\"" + topic + "\".group.id=" + module + "-replay")
                    .toList();
            restart(module, freshGroups);
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            CHANNELS.forEach((module, topics) -> Awaitility.await(module + "-replay read every topic to its end")
                    .atMost(REPLAY_TIMEOUT).pollInterval(Duration.ofMillis(500))
                    .until(() -> readToTheEnd(admin, module + "-replay", topics)));
        }
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }

    /** Whether {@code group} has committed, on every partition of {@code topics}, the partition's end offset. */
    private static boolean readToTheEnd(Admin admin, String group, List<String> topics) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get();
        Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
        topics.forEach(topic -> {
            for (int p = 0; p < 3; p++) {
                ends.put(new TopicPartition(topic, p), OffsetSpec.latest());
            }
        });
        for (var end : admin.listOffsets(ends).all().get().entrySet()) {
            OffsetAndMetadata offset = committed.get(end.getKey());
            if (end.getValue().offset() > 0 && (offset == null || offset.offset() < end.getValue().offset())) {
                return false;
            }
        }
        return true;
    }

    /** One attempt to post a request; the same Idempotency-Key on every attempt, as a form backend retries. */
    private static String submit(Submitted request) {
        Response response = PackagedServices.at(live.get("intake-service"))
                .header("X-API-Key", apiKey).header("Idempotency-Key", request.idempotencyKey())
                .body(Map.of("licenseEmail", licenseEmail, "contactEmail", request.contact(),
                        "impact", "MAJOR", "subject", request.subject(),
                        "description", "Fault suite request.", "country", "IS"))
                .when().post("/requests");
        return response.statusCode() == 201 ? response.path("id") : null;
    }

    /** One attempt to record a support answer, as an agent does. */
    private static String answer(String id) {
        return services.as(live.get("intake-service"), PackagedServices.AGENT)
                .body(Map.of("kind", "ACTION_PLAN", "text", "Restart the render node."))
                .when().post("/requests/" + id + "/responses").statusCode() == 201 ? "recorded" : null;
    }

    /** One attempt to reclassify a request CRITICAL; a repeated one changes nothing. */
    private static String reclassify(String id) {
        return services.as(live.get("intake-service"), PackagedServices.AGENT)
                .body(Map.of("impact", "CRITICAL", "reason", "More projects are affected than reported."))
                .when().put("/requests/" + id + "/impact").statusCode() == 200 ? "recorded" : null;
    }

    /** An attempt that may fail, also with a checked exception (RestAssured throws ConnectException undeclared). */
    private interface Attempt {
        String call() throws Exception;
    }

    /**
     * Calls until the call gives a value, as a client that retries: a refused connection (the service was
     * killed) or an answer other than the one wanted is one failed attempt. Gives up after
     * {@link #CLIENT_GIVES_UP}, noting it in {@code failures}.
     */
    private static String client(String what, List<String> failures, Attempt attempt) {
        long deadline = System.nanoTime() + CLIENT_GIVES_UP.toNanos();
        Exception last = null;
        while (System.nanoTime() - deadline < 0) {
            try {
                String result = attempt.call();
                if (result != null) {
                    return result;
                }
            } catch (Exception e) {
                last = e; // the service is down or restarting: try again
            }
            try {
                Thread.sleep(CLIENT_RETRY.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        failures.add(what + " not done after " + CLIENT_GIVES_UP.toSeconds() + " s" + (last == null ? ""
                : ", last failure: " + last));
        return null;
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long wait = nanoTime - System.nanoTime();
        if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
    }

    /**
     * The account of every acknowledged request: what must have happened, from the events the system published
     * and the mails the SMTP server received, counted by kind; each shortfall, excess or early event is a problem.
     */
    private static final class Account {
        private static final List<String> KINDS = List.of("RequestSubmitted", "RequestAccepted", "ClockStarted",
                "DeadlineChanged", "DeadlineApproaching", "Breached", "warning mail", "breach mail",
                "acknowledgement mail");
        private final Map<String, int[]> counts = new LinkedHashMap<>(); // expected, found, missing, extra, early
        private final List<String> problems = new ArrayList<>();
        private int redeliveries;
        private int mailCopies;
        private int falseBreaches;
        private int staleWarnings;
        private int skippedWarnings;
        /** Due events of cycles answered before the due instant whose answer intake handed to Kafka only after it. */
        private int publishedLate;
        private int publishedLateEmitted;
        private Duration longestPublication = Duration.ZERO;
        /** Per request id, whether the clock skipped the warning of cycle 1's final deadline (sla-clock's audit trail). */
        private final Map<String, Boolean> finalWarningSkipped = finalWarningsSkipped();
        /** Per request id, the warnings sla-clock sent although their deadline had passed when it fired them. */
        private final Map<String, Integer> firedStale = PackagedServices.warningsFiredAfterTheirDeadline(
                schemas.get("sla-clock-service"));
        /** Warnings fired before their deadline that reached Kafka after it (outbox relay or broker behind). */
        private int appendedAfterDeadline;

        /** Every mail received, by recipient, read once. */
        private final Map<String, List<MimeMessage>> mails = smtp.messagesByRecipient();

        Account() {
            KINDS.forEach(kind -> counts.put(kind, new int[5]));
        }

        void check(String id, Submitted request) {
            List<ReceivedEvent> all = events.forKey(id);
            redeliveries += all.size() - (int) all.stream().map(ReceivedEvent::id).distinct().count();
            count(id, "RequestSubmitted", 1, distinct(all, "RequestSubmitted"), 0);
            count(id, "RequestAccepted", 1, distinct(all, "RequestAccepted"), 0);
            List<ReceivedEvent> started = distinct(all, "ClockStarted");
            count(id, "ClockStarted", 1, started, 0);
            if (started.isEmpty()) {
                return;
            }
            Instant startedAt = Instant.parse(started.get(0).json().path("startedAt").asText());
            // A reclassification that sla-clock learnt before the acceptance starts the cycle at CRITICAL; one it
            // learnt later moves the running cycle's deadline, once.
            boolean startedMajor = "MAJOR".equals(started.get(0).json().path("impact").asText());
            List<ReceivedEvent> changes = distinct(all, "DeadlineChanged");
            count(id, "DeadlineChanged", request.followUp() == FollowUp.RECLASSIFY && startedMajor ? 1 : 0, changes, 0);
            Instant deadline = Instant.parse(changes.isEmpty() ? started.get(0).json().path("deadline").asText()
                    : changes.get(changes.size() - 1).json().path("newDeadline").asText());
            // 24x7 calendar: business time is wall-clock time; the warning falls at 75 % of the target
            Instant warnAt = startedAt.plus(Duration.between(startedAt, deadline).multipliedBy(3).dividedBy(4));
            List<ReceivedEvent> answers = distinct(all, "SupportResponded");
            Instant answeredAt = answers.stream().map(e -> Instant.parse(e.json().path("respondedAt").asText()))
                    .min(Instant::compareTo).orElse(null);
            // when intake's relay handed the answer to Kafka (the record's timestamp)
            Instant publishedAt = answers.stream().map(e -> Instant.ofEpochMilli(e.timestamp()))
                    .min(Instant::compareTo).orElse(null);
            if (answeredAt != null && publishedAt.isAfter(answeredAt)
                    && Duration.between(answeredAt, publishedAt).compareTo(longestPublication) > 0) {
                longestPublication = Duration.between(answeredAt, publishedAt);
            }
            List<ReceivedEvent> warningEvents = distinct(all, "DeadlineApproaching");
            List<ReceivedEvent> breachEvents = distinct(all, "Breached");
            int warnings = expected(answeredAt, publishedAt, warnAt, warningEvents);
            int breaches = expected(answeredAt, publishedAt, deadline, breachEvents);
            if (warnings == 1 && finalWarningSkipped.getOrDefault(id, false)) {
                warnings = 0; // fell due after the deadline (the clock was down or behind): not sent, by design
                skippedWarnings++;
            }
            if (request.followUp() != FollowUp.NONE && request.followUp() != FollowUp.RECLASSIFY
                    && answeredAt == null) {
                problems.add(id + ": answered (201) but no SupportResponded on support.requests");
            }
            count(id, "DeadlineApproaching", warnings, warningEvents,
                    early(warningEvents, warnAt));
            int stale = firedStale.getOrDefault(id, 0);
            if (stale > 0) {
                staleWarnings += stale;
                problems.add(id + ": " + stale + " warning(s) fired after the deadline " + deadline);
            }
            appendedAfterDeadline += (int) warningEvents.stream()
                    .filter(e -> e.timestamp() >= deadline.toEpochMilli()).count() - stale;
            count(id, "Breached", breaches, breachEvents, early(breachEvents, deadline));
            if (breaches == 0 && answeredAt != null && !breachEvents.isEmpty()) {
                falseBreaches += breachEvents.size();
                problems.add(id + ": false breach: answered at " + answeredAt + " and on Kafka at " + publishedAt
                        + ", before the deadline " + deadline);
            }
            // Mails count once per Message-ID: a copy with the same Message-ID is SMTP's at-least-once window (the
            // notifier crashed between the server's acceptance and its SENT mark); it is counted apart.
            List<MimeMessage> lead = mails.getOrDefault(LEAD, List.of()).stream()
                    .filter(m -> EmbeddedSmtp.subject(m).contains(request.subject())).toList();
            count(id, "warning mail", warnings, distinctMails(lead, "[SLA warning"), 0);
            count(id, "breach mail", breaches, distinctMails(lead, "[SLA breached]"), 0);
            count(id, "acknowledgement mail", 1, distinctMails(mails.getOrDefault(
                    request.contact().toLowerCase(Locale.ROOT), List.of()), "Support request accepted"), 0);
        }

        /**
         * How many of a due event (warning at {@code due}, or breach) the cycle must have: none when its answer was
         * on Kafka before {@code due}, one when it was not answered before {@code due}. An answer intake recorded
         * before {@code due} but handed to Kafka only after it lies in intake's publication window (docs/reliability.md,
         * known limits): sla-clock cannot know of it, so either outcome is taken, and counted apart.
         */
        private int expected(Instant answeredAt, Instant publishedAt, Instant due, List<ReceivedEvent> found) {
            if (answeredAt == null || !answeredAt.isBefore(due)) {
                return 1;
            }
            if (publishedAt.isBefore(due)) {
                return 0;
            }
            publishedLate++;
            int emitted = Math.min(found.size(), 1);
            publishedLateEmitted += emitted;
            return emitted;
        }

        /** The Message-IDs of the mails whose subject contains {@code subjectPart}; copies are counted apart. */
        private List<String> distinctMails(List<MimeMessage> mails, String subjectPart) {
            List<String> ids = mails.stream().filter(m -> EmbeddedSmtp.subject(m).contains(subjectPart))
                    .map(EmbeddedSmtp::messageId).toList();
            List<String> distinct = ids.stream().distinct().toList();
            mailCopies += ids.size() - distinct.size();
            return distinct;
        }

        private static List<ReceivedEvent> distinct(List<ReceivedEvent> all, String type) {
            Map<String, ReceivedEvent> byId = new LinkedHashMap<>();
            all.stream().filter(e -> type.equals(e.type())).forEach(e -> byId.putIfAbsent(e.id(), e));
            return new ArrayList<>(byId.values());
        }

        /** Events published before {@code due}; the record's timestamp is when the relay sent it. */
        private static int early(List<ReceivedEvent> found, Instant due) {
            return (int) found.stream().filter(e -> e.timestamp() < due.toEpochMilli()).count();
        }

        private void count(String id, String kind, int expected, List<?> found, int early) {
            int[] c = counts.get(kind);
            c[0] += expected;
            c[1] += found.size();
            if (found.size() < expected) {
                c[2] += expected - found.size();
                problems.add(String.format(Locale.ROOT, "%s: %d %s missing", id, expected - found.size(), kind));
            } else if (found.size() > expected) {
                c[3] += found.size() - expected;
                problems.add(String.format(Locale.ROOT, "%s: %d %s too many: %s", id, found.size() - expected, kind,
                        found));
            }
            if (early > 0) {
                c[4] += early;
                problems.add(String.format(Locale.ROOT, "%s: %d %s before its time", id, early, kind));
            }
        }

        String table() {
            StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "%-22s %9s %7s %8s %10s %6s%n",
                    "", "expected", "found", "missing", "duplicate", "early"));
            counts.forEach((kind, c) -> out.append(String.format(Locale.ROOT, "%-22s %9d %7d %8d %10d %6d%n",
                    kind, c[0], c[1], c[2], c[3], c[4])));
            return out.append(String.format(Locale.ROOT, "%-22s %9d%n", "false breaches", falseBreaches))
                    .append(String.format(Locale.ROOT, "%-22s %9d%n", "stale warnings", staleWarnings))
                    .append("warnings fired before their deadline that reached Kafka after it (relay or broker "
                            + "behind): ").append(appendedAfterDeadline).append('\n')
                    .append("warnings skipped by the clock (due after their deadline, not sent): ")
                    .append(skippedWarnings).append('\n')
                    .append("due events of answered cycles whose answer intake recorded before and handed to Kafka ")
                    .append("after the due instant (intake's publication window): ").append(publishedLate)
                    .append(", of which emitted: ").append(publishedLateEmitted)
                    .append("; longest recorded-to-Kafka delay of an answer: ").append(longestPublication.toMillis())
                    .append(" ms\n")
                    .append("records repeated with the same ce_id (transport redeliveries, dropped by consumers): ")
                    .append(redeliveries).append("; mails repeated with the same Message-ID: ").append(mailCopies)
                    .append('\n').toString();
        }

        /**
         * From sla-clock's audit trail ({@code sla_event}): per ticket, whether the warning of its first cycle's
         * final deadline (the highest deadline version that has a warning row) was skipped rather than sent.
         */
        private static Map<String, Boolean> finalWarningsSkipped() {
            Map<String, Boolean> skipped = new HashMap<>();
            Map<String, Integer> version = new HashMap<>();
            try (Connection c = PostgresSchemas.dataSource().getConnection();
                 PreparedStatement q = c.prepareStatement("SELECT request_id, event_key, skipped FROM "
                         + schemas.get("sla-clock-service") + ".sla_event WHERE event_key LIKE 'c1/v%/warn/%'");
                 ResultSet r = q.executeQuery()) {
                while (r.next()) {
                    String id = r.getString(1);
                    String key = r.getString(2);
                    int v = Integer.parseInt(key.substring("c1/v".length(), key.indexOf("/warn/")));
                    if (v >= version.getOrDefault(id, -1)) {
                        version.put(id, v);
                        skipped.put(id, r.getString(3) != null);
                    }
                }
            } catch (SQLException e) {
                throw new IllegalStateException("Cannot read sla-clock's audit trail", e);
            }
            return skipped;
        }
    }



}
