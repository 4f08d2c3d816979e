package io.slaplatform.systemtests;

import io.slaplatform.events.ClockStarted;
import io.slaplatform.events.CloudEventRecords;
import io.slaplatform.events.DomainEvent;
import io.slaplatform.events.Impact;
import io.slaplatform.events.RequestAccepted;
import io.slaplatform.events.RequestSubmitted;
import io.slaplatform.events.ResponseKind;
import io.slaplatform.events.SupportResponded;
import io.slaplatform.events.Topics;
import io.slaplatform.localstack.ServiceProcess;
import io.slaplatform.testkit.EmbeddedKafka;
import io.slaplatform.testkit.EventLog;
import io.slaplatform.testkit.PostgresSchemas;
import io.slaplatform.testkit.ReceivedEvent;
import io.slaplatform.testkit.Sql;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The SLA clock's durability, with the packaged sla-clock-service run as separate processes on one database:
 * two instances share the timers, an instance killed (SIGKILL) while it holds claimed, uncommitted timers loses
 * none of them and repeats none, and deadlines that pass while every instance is down are emitted on start.
 *
 * And a breach is a fact, never a guess: an answer published while every instance is down, before the deadline,
 * meets the deadline after the restart although the deadline passed meanwhile; so does an answer the packaged
 * intake-service recorded while the broker was stopped, which reaches Kafka only after the deadline.
 *
 * <p>Tickets run on a 24x7 test calendar (Iceland) with targets of seconds. Every SLA event is accounted for:
 * one {@code ce_id} per ticket, type and cycle, none before its time; a warning that fell due after its deadline
 * (its instance was killed or held it) is not sent but recorded as skipped in the ticket's audit trail, and is
 * counted as such. A record repeated with the same
 * {@code ce_id} is a transport redelivery (the outbox relay's at-least-once send after a crash), which every
 * consumer drops; it is counted and printed, never accepted as a second event.
 */
class SlaClockCrashIT {

    private static final Duration CRITICAL = Duration.ofSeconds(4);
    /**
     * CRITICAL in the outage test: long enough that the clocks of its tickets start and the instance is killed
     * before the first warning (75%) falls due; the test checks that this held rather than assume it.
     */
    private static final Duration OUTAGE_CRITICAL = Duration.ofSeconds(20);
    private static final Duration HOLD = Duration.ofSeconds(50);      // below the 60 s transaction timeout
    private static final Set<String> SLA_TYPES = Set.of("ClockStarted", "DeadlineApproaching", "Breached");

    private static EmbeddedKafka kafka;
    private static KafkaProducer<String, String> producer;
    private final Clock clock = Clock.tick(Clock.systemUTC(), Duration.ofNanos(1_000));
    private EventLog events;
    private PackagedServices services;
    private String schema;
    private List<String> options;

    @BeforeAll
    static void startBroker() {
        kafka = EmbeddedKafka.start();
        kafka.createTopics(Topics.ALL, 3);
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer());
    }

    @AfterAll
    static void stopBroker() {
        PackagedServices.closeAll(producer, kafka);
    }

    @BeforeEach
    void freshSchemaAndGroup() {
        events = EventLog.of(kafka.bootstrapServers(), Topics.ALL);
        services = new PackagedServices(kafka.bootstrapServers());
        // each test's clock starts in a group of its own, which reads its inputs from the start: without the
        // earlier tests' tickets, whose due warnings and breaches would otherwise join its first claimed batches
        services.emptyTopics(List.of(Topics.SUPPORT_REQUESTS, Topics.SUPPORT_ELIGIBILITY));
        schema = services.newSchema();
        String group = "sla-clock-" + schema;
        options = PackagedServices.with(PackagedServices.SLA_CLOCK_24X7,
                "-Dsla.targets.CRITICAL=" + CRITICAL,
                "-Dsla.targets.MAJOR=PT6S",
                "-Dsla.targets.MODERATE=PT8S",
                "-Dsla.targets.LIMITED=PT12S",
                "-Dsla.timer-poll-interval=50ms",
                // a group of its own per test, and a killed member's partitions move on after 6 s, not 45 s
                "-Dmp.messaging.incoming.\"support.requests\".group.id=" + group,
                "-Dmp.messaging.incoming.\"support.eligibility\".group.id=" + group,
                "-Dkafka.session.timeout.ms=6000",
                "-Dkafka.heartbeat.interval.ms=1000");
    }

    @AfterEach
    void stopServices() {
        services.close();
        events.close();
    }

    private List<String> withOptions(String... more) {
        return PackagedServices.with(options, more);
    }

    @Test
    void anInstanceKilledWhileHoldingClaimedTimersLosesAndRepeatsNothingWhileASecondOneCarriesOn() {
        ServiceProcess a = services.start("sla-clock-service", "sla-clock-a", schema,
                // polling once a second, A's first claim takes a batch of several warnings
                withOptions("-Dsla.fault-injection.hold-claimed-timers=" + HOLD, "-Dsla.timer-poll-interval=1s"));
        List<UUID> firstWave = submitCriticalTickets(30);

        // A claims the first due timers, writes their outbox records and holds the transaction open.
        List<String> held = awaitHeldTimers(a);
        Instant heldSince = clock.instant();
        assertThat(held).isNotEmpty();
        System.out.printf("Instance A holds %d claimed timers%n", held.size());

        ServiceProcess b = services.start("sla-clock-service", "sla-clock-b", schema, options);
        // B settles everything else, on time or late (a warning B finds past its deadline is skipped), but not A's
        // locked rows.
        Set<String> heldEvents = held.stream().map(SlaClockCrashIT::logicalKey).collect(Collectors.toSet());
        Set<String> startsAndBreaches = expectedEvents(firstWave, Set.of("ClockStarted", "Breached"));
        Awaitility.await("B settles every due SLA event but the ones A holds").atMost(60, TimeUnit.SECONDS)
                .pollInterval(200, TimeUnit.MILLISECONDS)
                .until(() -> pendingTimers(firstWave) == held.size()
                        && emittedKeys(firstWave).containsAll(minus(startsAndBreaches, heldEvents)));
        assertThat(emittedKeys(firstWave)).as("held by A, so not yet emitted").doesNotContainAnyElementsOf(heldEvents);
        assertThat(Duration.between(heldSince, clock.instant()))
                .as("A must still hold its claim when it is killed; raise HOLD if this machine is slower")
                .isLessThan(HOLD.minusSeconds(5));

        Instant killedAt = clock.instant();
        assertThat(a.kill()).as("SIGKILL").hasValue(137);

        // PostgreSQL rolls A's transaction back when its connection drops; B then settles the held timers: the
        // breaches are sent, the warnings (their deadlines long past) skipped.
        Awaitility.await("the held timers settled by B after the kill").atMost(30, TimeUnit.SECONDS)
                .pollInterval(100, TimeUnit.MILLISECONDS)
                .until(() -> pendingTimers(firstWave) == 0 && emittedKeys(firstWave).containsAll(startsAndBreaches));
        Set<UUID> skipped = skippedWarnings(firstWave);
        for (String key : heldEvents) {
            if (key.endsWith("/DeadlineApproaching") && skipped.contains(UUID.fromString(key.substring(0, 36)))) {
                continue;
            }
            ReceivedEvent event = single(key);
            assertThat(event.timestamp()).as("%s sent after the kill", key)
                    .isGreaterThanOrEqualTo(killedAt.toEpochMilli());
            assertThat(event.source()).isEqualTo("/sla-clock-service");
        }

        // A restarted (fault injection off) and B share the work of a second wave: still exactly once.
        services.start("sla-clock-service", "sla-clock-a-restarted", schema, options);
        List<UUID> secondWave = submitCriticalTickets(30);
        List<UUID> all = new ArrayList<>(firstWave);
        all.addAll(secondWave);
        assertEveryEventExactlyOnceAndNeverEarly(all);
        assertThat(b.isAlive()).isTrue();
    }

    @Test
    void deadlinesThatPassWhileEveryInstanceIsDownAreBreachedOnStartWithoutStaleWarnings() {
        List<String> outageOptions = withOptions("-Dsla.targets.CRITICAL=" + OUTAGE_CRITICAL);
        ServiceProcess first = services.start("sla-clock-service", "sla-clock-before-outage", schema, outageOptions);
        List<UUID> tickets = submitCriticalTickets(20);
        Awaitility.await("every clock started").atMost(30, TimeUnit.SECONDS).pollInterval(100, TimeUnit.MILLISECONDS)
                .until(() -> tickets.stream().allMatch(id -> !events.forKey(id.toString(), "ClockStarted").isEmpty()));
        assertThat(first.kill()).as("SIGKILL").hasValue(137);
        Instant downSince = clock.instant();

        // The premise, from what happened: every warning and breach falls due while nothing runs.
        List<ClockStarted> clocks = tickets.stream().map(id -> events.forKey(id.toString(), "ClockStarted").get(0)
                .as(ClockStarted.class)).toList();
        Instant firstWarning = clocks.stream().map(SlaClockCrashIT::warningDue).min(Instant::compareTo).orElseThrow();
        Instant lastBreach = clocks.stream().map(ClockStarted::deadline).max(Instant::compareTo).orElseThrow();
        assertThat(firstWarning).as("premise: the first warning falls due after the kill (%s after the first clock "
                        + "started); if this machine took longer, raise OUTAGE_CRITICAL",
                Duration.between(clocks.stream().map(ClockStarted::startedAt).min(Instant::compareTo).orElseThrow(),
                        downSince)).isAfter(downSince);
        PackagedServices.sleepUntil(lastBreach);
        assertThat(tickets.stream().flatMap(id -> events.forKey(id.toString()).stream())
                .filter(e -> e.timestamp() >= downSince.toEpochMilli())).as("nothing runs").isEmpty();

        Instant restartedAt = clock.instant();
        services.start("sla-clock-service", "sla-clock-after-outage", schema, outageOptions);
        assertEveryEventExactlyOnceAndNeverEarly(tickets);
        long firstSend = tickets.stream().flatMap(id -> events.forKey(id.toString()).stream())
                .filter(e -> e.type().equals("DeadlineApproaching") || e.type().equals("Breached"))
                .mapToLong(ReceivedEvent::timestamp).min().orElseThrow();
        assertThat(firstSend).as("the missed breaches are sent once the restarted instance runs")
                .isGreaterThanOrEqualTo(restartedAt.toEpochMilli());
        assertThat(skippedWarnings(tickets)).as("every warning fell due with its deadline past: skipped, not sent")
                .containsExactlyInAnyOrderElementsOf(tickets);
    }

    @Test
    void anAnswerPublishedWhileEveryInstanceIsDownBeforeTheDeadlineMeetsItAfterTheRestart() {
        List<String> outageOptions = withOptions("-Dsla.targets.CRITICAL=" + OUTAGE_CRITICAL);
        ServiceProcess first = services.start("sla-clock-service", "sla-clock-before-answers", schema, outageOptions);
        List<UUID> tickets = submitCriticalTickets(10);
        Awaitility.await("every clock started").atMost(30, TimeUnit.SECONDS).pollInterval(100, TimeUnit.MILLISECONDS)
                .until(() -> tickets.stream().allMatch(id -> !events.forKey(id.toString(), "ClockStarted").isEmpty()));
        assertThat(first.kill()).as("SIGKILL").hasValue(137);

        // Support answers every ticket while the clock is down, as intake would publish it; then the deadlines pass.
        List<ClockStarted> clocks = tickets.stream().map(id -> events.forKey(id.toString(), "ClockStarted").get(0)
                .as(ClockStarted.class)).toList();
        Instant answeredAt = clock.instant();
        tickets.forEach(id -> send(new SupportResponded(id, UUID.randomUUID(), ResponseKind.ACTION_PLAN, answeredAt),
                "/intake-service"));
        Instant firstDeadline = clocks.stream().map(ClockStarted::deadline).min(Instant::compareTo).orElseThrow();
        Instant lastDeadline = clocks.stream().map(ClockStarted::deadline).max(Instant::compareTo).orElseThrow();
        assertThat(answeredAt).as("premise: answered before the first deadline; if this machine took longer, raise "
                + "OUTAGE_CRITICAL").isBefore(firstDeadline);
        PackagedServices.sleepUntil(lastDeadline);

        // The restarted instance's timers find every breach overdue at once, before its consumers have rejoined
        // the group and read the answers: they must wait for them.
        services.start("sla-clock-service", "sla-clock-after-answers", schema, outageOptions);
        assertEveryDeadlineMetAndNoneBreached(tickets);
    }

    @Test
    void anAnswerIntakeRecordsWhileTheBrokerIsStoppedMeetsTheDeadlineOnceTheBrokerIsBack() {
        List<String> outageOptions = withOptions("-Dsla.targets.CRITICAL=" + OUTAGE_CRITICAL);
        services.start("sla-clock-service", "sla-clock-broker-outage", schema, outageOptions);
        ServiceProcess intake = services.start("intake-service", "intake-broker-outage", services.newSchema(),
                List.of("-Dkafka.session.timeout.ms=6000", "-Dkafka.heartbeat.interval.ms=1000"));
        String apiKey = services.createApiKey(intake, "crash-test-form");

        // Requests submitted through intake (its relay publishes RequestSubmitted), accepted as eligibility would.
        List<UUID> tickets = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            tickets.add(UUID.fromString(PackagedServices.at(intake).header("X-API-Key", apiKey)
                    .body(Map.of("licenseEmail", "ops@customer.is", "contactEmail", "anna@customer.is",
                            "impact", "CRITICAL", "subject", "Stalls", "description", "Details", "country", "IS"))
                    .when().post("/requests").then().statusCode(201).extract().<String>path("id")));
        }
        for (UUID id : tickets) {
            RequestSubmitted submitted = events.await(id.toString(), "RequestSubmitted", Duration.ofSeconds(30))
                    .as(RequestSubmitted.class);
            send(new RequestAccepted(id, UUID.randomUUID(), "IS", submitted.submittedAt(), clock.instant()),
                    "/eligibility-service");
        }
        List<ClockStarted> clocks = tickets.stream().map(id -> events.await(id.toString(), "ClockStarted",
                Duration.ofSeconds(30)).as(ClockStarted.class)).toList();

        // The broker stops; support answers every ticket in intake, which keeps the answers in its outbox.
        kafka.stopBroker();
        for (UUID id : tickets) {
            services.as(intake, PackagedServices.AGENT).body(Map.of("kind", "ACTION_PLAN", "text", "Restart it."))
                    .when().post("/requests/" + id + "/responses").then().statusCode(201);
        }
        Instant answeredBy = clock.instant();
        Instant firstDeadline = clocks.stream().map(ClockStarted::deadline).min(Instant::compareTo).orElseThrow();
        Instant lastDeadline = clocks.stream().map(ClockStarted::deadline).max(Instant::compareTo).orElseThrow();
        assertThat(answeredBy).as("premise: answered before the first deadline; if this machine took longer, raise "
                + "OUTAGE_CRITICAL").isBefore(firstDeadline);
        // every deadline passes while the answers cannot reach Kafka
        PackagedServices.sleepUntil(lastDeadline.plusSeconds(1));
        Instant brokerBackAt = clock.instant();
        kafka.startBroker();

        // sla-clock's due breaches wait for intake to re-send what it recorded while the broker was away
        assertEveryDeadlineMetAndNoneBreached(tickets);
        long answersOnKafkaAfter = tickets.stream().flatMap(id -> events.forKey(id.toString(), "SupportResponded")
                .stream()).mapToLong(ReceivedEvent::timestamp).max().orElseThrow() - brokerBackAt.toEpochMilli();
        System.out.printf("Broker outage: the last answer reached Kafka %d ms after the broker was started again%n",
                answersOnKafkaAfter);
    }

    /**
     * Waits until every ticket's deadline is met, no SLA timer is left and everything is on Kafka; then checks
     * that none breached and none was answered late.
     */
    private void assertEveryDeadlineMetAndNoneBreached(List<UUID> tickets) {
        Awaitility.await("every ticket's deadline met").atMost(90, TimeUnit.SECONDS)
                .pollInterval(200, TimeUnit.MILLISECONDS)
                .until(() -> tickets.stream().allMatch(id -> !events.forKey(id.toString(), "ResponseDeadlineMet")
                        .isEmpty()));
        Awaitility.await("no SLA timer left to fire and the outbox published").atMost(60, TimeUnit.SECONDS)
                .pollInterval(200, TimeUnit.MILLISECONDS)
                .until(() -> pendingTimers(tickets) == 0 && outboxRows() == 0);
        events.awaitCaughtUp(Duration.ofSeconds(30));
        assertThat(tickets.stream().flatMap(id -> events.forKey(id.toString(), "Breached").stream()))
                .as("false breaches").isEmpty();
        assertThat(tickets.stream().flatMap(id -> events.forKey(id.toString(), "ResponseLate").stream()))
                .as("late responses").isEmpty();
    }

    /** Submits and accepts CRITICAL tickets now, spread over the partitions by their keys. */
    private List<UUID> submitCriticalTickets(int count) {
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            UUID id = UUID.randomUUID();
            Instant at = clock.instant();
            send(new RequestSubmitted(id, "ops@customer.is", "anna@customer.is", Impact.CRITICAL, "Stalls",
                    "Details", "IS", null, at), "/intake-service");
            send(new RequestAccepted(id, UUID.randomUUID(), "IS", at, at), "/eligibility-service");
            ids.add(id);
        }
        return ids;
    }

    private static void send(DomainEvent event, String source) {
        try {
            producer.send(CloudEventRecords.record(event, UUID.randomUUID(), source)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Cannot publish " + event, e.getCause());
        }
    }

    private static final Pattern HELD = Pattern.compile("holding \\d+ claimed SLA events uncommitted for \\S+: (.+)");

    /** The {@code requestId/eventKey}s of the batch the instance logs it holds (fault injection). */
    private static List<String> awaitHeldTimers(ServiceProcess instance) {
        return Awaitility.await("a claimed batch held by " + instance.name()).atMost(30, TimeUnit.SECONDS)
                .pollInterval(100, TimeUnit.MILLISECONDS)
                .until(() -> heldIn(instance), Optional::isPresent).orElseThrow();
    }

    private static Optional<List<String>> heldIn(ServiceProcess instance) {
        try {
            Matcher m = HELD.matcher(Files.readString(instance.logFile()));
            return m.find() ? Optional.of(List.of(m.group(1).trim().split(" "))) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code <requestId>/<ceType>} of a held {@code <requestId>/<eventKey>}. */
    private static String logicalKey(String heldTimer) {
        String requestId = heldTimer.substring(0, heldTimer.indexOf('/'));
        String eventKey = heldTimer.substring(heldTimer.indexOf('/') + 1);
        String type = eventKey.endsWith("/breached") ? "Breached"
                : eventKey.contains("/warn/") ? "DeadlineApproaching"
                : null;
        assertThat(type).as("a timer of a warning or a breach: %s", heldTimer).isNotNull();
        return requestId + "/" + type;
    }

    /** Per ticket, one event of each of {@code types}, as {@code <requestId>/<ceType>}. */
    private static Set<String> expectedEvents(List<UUID> tickets, Set<String> types) {
        return tickets.stream().flatMap(id -> types.stream().map(type -> id + "/" + type))
                .collect(Collectors.toSet());
    }

    /** The tickets whose warning the clock recorded as skipped: it fell due after its deadline. */
    private Set<UUID> skippedWarnings(List<UUID> tickets) {
        try (Connection c = PostgresSchemas.dataSource().getConnection();
             PreparedStatement q = c.prepareStatement("SELECT request_id FROM " + schema + ".sla_event"
                     + " WHERE event_key LIKE 'c1/v0/warn/%' AND skipped LIKE 'its deadline had passed%'"
                     + " AND request_id = ANY (?::uuid[])")) {
            q.setObject(1, tickets.stream().map(UUID::toString).toArray(String[]::new));
            Set<UUID> skipped = new HashSet<>();
            try (ResultSet r = q.executeQuery()) {
                while (r.next()) {
                    skipped.add(r.getObject(1, UUID.class));
                }
            }
            return skipped;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private Set<String> emittedKeys(List<UUID> tickets) {
        return tickets.stream().flatMap(id -> events.forKey(id.toString()).stream())
                .filter(e -> SLA_TYPES.contains(e.type()))
                .map(e -> e.key() + "/" + e.type()).collect(Collectors.toSet());
    }

    private ReceivedEvent single(String logicalKey) {
        String requestId = logicalKey.substring(0, logicalKey.indexOf('/'));
        String type = logicalKey.substring(logicalKey.indexOf('/') + 1);
        List<ReceivedEvent> found = events.forKey(requestId, type);
        assertThat(found.stream().map(ReceivedEvent::id).distinct()).as(logicalKey).hasSize(1);
        return found.get(0);
    }

    private void assertEveryEventExactlyOnceAndNeverEarly(List<UUID> tickets) {
        Set<String> startsAndBreaches = expectedEvents(tickets, Set.of("ClockStarted", "Breached"));
        Awaitility.await("every clock start and breach of " + tickets.size() + " tickets").atMost(60, TimeUnit.SECONDS)
                .pollInterval(200, TimeUnit.MILLISECONDS)
                .until(() -> emittedKeys(tickets).containsAll(startsAndBreaches));
        // Before counting, the fact that nothing more can come: no timer of these tickets left to fire, nothing left
        // in the outbox, and the log has read everything on the topics since then.
        Awaitility.await("no SLA timer left to fire and the outbox published").atMost(60, TimeUnit.SECONDS)
                .pollInterval(200, TimeUnit.MILLISECONDS)
                .until(() -> pendingTimers(tickets) == 0 && outboxRows() == 0);
        events.awaitCaughtUp(Duration.ofSeconds(30));

        Set<UUID> skipped = skippedWarnings(tickets);
        Map<String, Integer> distinctIds = new TreeMap<>();
        int redeliveries = 0;
        int early = 0;
        // the clock's promise: no warning fired at or after its deadline (its audit trail says when it fired each)
        Map<String, Integer> firedStale = PackagedServices.warningsFiredAfterTheirDeadline(schema);
        int stale = tickets.stream().mapToInt(id -> firedStale.getOrDefault(id.toString(), 0)).sum();
        int appendedLate = 0; // fired before the deadline, on Kafka after it: the outbox relay's latency
        for (UUID id : tickets) {
            List<ReceivedEvent> sla = events.forKey(id.toString()).stream()
                    .filter(e -> SLA_TYPES.contains(e.type())).toList();
            for (String type : SLA_TYPES) {
                List<ReceivedEvent> ofType = sla.stream().filter(e -> e.type().equals(type)).toList();
                long ids = ofType.stream().map(ReceivedEvent::id).distinct().count();
                distinctIds.merge(type + " x" + ids, 1, Integer::sum);
                redeliveries += ofType.size() - (int) ids;
            }
            ClockStarted started = sla.stream().filter(e -> e.type().equals("ClockStarted")).findFirst().orElseThrow()
                    .as(ClockStarted.class);
            for (ReceivedEvent e : sla) {
                Instant earliest = switch (e.type()) {
                    case "DeadlineApproaching" -> warningDue(started);
                    case "Breached" -> started.deadline();
                    default -> started.startedAt();
                };
                if (e.timestamp() < earliest.toEpochMilli()) {
                    early++;
                }
                if (e.type().equals("DeadlineApproaching") && e.timestamp() >= started.deadline().toEpochMilli()) {
                    appendedLate++;
                }
            }
        }
        System.out.printf("SLA accounting over %d tickets: %s; warnings skipped (due after their deadline) %d; "
                + "same-ce_id redeliveries %d; early %d; warnings fired after their deadline %d; warnings fired before "
                + "their deadline, on Kafka after it %d%n", tickets.size(), distinctIds, skipped.size(), redeliveries,
                early, stale, appendedLate);
        Map<String, Integer> exactlyOnce = new TreeMap<>();
        SLA_TYPES.forEach(type -> exactlyOnce.put(type + " x1", tickets.size()));
        if (!skipped.isEmpty()) {
            exactlyOnce.put("DeadlineApproaching x1", tickets.size() - skipped.size());
            exactlyOnce.put("DeadlineApproaching x0", skipped.size());
        }
        exactlyOnce.values().removeIf(count -> count == 0);
        assertThat(distinctIds).as("tickets per event type and number of distinct events").isEqualTo(exactlyOnce);
        assertThat(early).as("events sent before their time").isZero();
        assertThat(stale).as("warnings fired after their deadline").isZero();
    }

    /** When the 75% warning of a clock on the 24x7 test calendar falls due. */
    private static Instant warningDue(ClockStarted started) {
        return started.startedAt().plus(started.target().multipliedBy(3).dividedBy(4));
    }

    private long pendingTimers(List<UUID> tickets) {
        return Sql.count(PostgresSchemas.dataSource(), "SELECT count(*) FROM " + schema + ".sla_event"
                + " WHERE emitted_at IS NULL AND request_id = ANY (?::uuid[])",
                (Object) tickets.stream().map(UUID::toString).toArray(String[]::new));
    }

    private long outboxRows() {
        return Sql.count(PostgresSchemas.dataSource(), "SELECT count(*) FROM " + schema + ".outbox_event");
    }

    private static Set<String> minus(Set<String> all, Set<String> removed) {
        return all.stream().filter(k -> !removed.contains(k)).collect(Collectors.toSet());
    }
}
