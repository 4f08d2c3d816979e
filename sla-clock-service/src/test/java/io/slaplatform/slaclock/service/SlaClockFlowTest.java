package io.slaplatform.slaclock.service;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.slaplatform.events.Breached;
import io.slaplatform.events.CloudEventRecords;
import io.slaplatform.events.DomainEvent;
import io.slaplatform.events.Impact;
import io.slaplatform.events.ImpactReclassified;
import io.slaplatform.events.RejectionReason;
import io.slaplatform.events.RequestAccepted;
import io.slaplatform.events.RequestRejected;
import io.slaplatform.events.RequestSubmitted;
import io.slaplatform.events.ResponseKind;
import io.slaplatform.events.SupportResponded;
import io.slaplatform.testkit.AsyncApiContract;
import io.slaplatform.testkit.EventLog;
import io.slaplatform.testkit.ReceivedEvent;
import io.slaplatform.testkit.quarkus.KafkaTestResource;
import io.slaplatform.testkit.quarkus.PostgresSchemaTestResource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static io.slaplatform.slaclock.service.SlaFlow.asLead;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

/**
 * The SLA clock end to end inside the service, through the real broker and PostgreSQL, on a 24x7 test calendar
 * (Iceland) with targets of seconds: CRITICAL 3 s, MAJOR 6 s, MODERATE 8 s, LIMITED 12 s.
 */
@QuarkusTest
@TestProfile(SlaClockFlowTest.ShortTargets.class)
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresSchemaTestResource.class)
class SlaClockFlowTest {

    /**
     * Seconds instead of hours, around the clock ({@link ShortTargetsConfig}); the reclassification policy is the
     * default, RETROACTIVE. The flow tests share this profile, so they share one application start.
     */
    public static class ShortTargets implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return ShortTargetsConfig.overrides();
        }
    }

    private static final Duration WAIT = Duration.ofSeconds(20);
    private final EventLog events = KafkaTestResource.events();
    // PostgreSQL keeps microseconds: instants in these tests are whole microseconds, as the services' are.
    private final Clock clock = Clock.tick(Clock.systemUTC(), Duration.ofNanos(1_000));

    private static void publish(DomainEvent event, String source) {
        KafkaTestResource.publish(CloudEventRecords.record(event, UUID.randomUUID(), source));
    }

    private static RequestSubmitted submitted(UUID id, Impact impact, Instant at) {
        return new RequestSubmitted(id, "ops@customer.is", "anna@customer.is", impact, "Stalls", "Details", "IS",
                null, at);
    }

    private static RequestAccepted accepted(UUID id, Instant submittedAt) {
        return new RequestAccepted(id, UUID.randomUUID(), "IS", submittedAt, submittedAt);
    }

    private List<String> types(UUID id) {
        return events.forKey(id.toString()).stream()
                .filter(e -> e.topic().startsWith("sla."))
                .map(ReceivedEvent::type).toList();
    }

    /** Whether the clock recorded cycle 1's warning as skipped in the ticket's audit trail. */
    private static boolean warningSkipped(UUID id) {
        return asLead().get("/sla/" + id).then().statusCode(200).extract().jsonPath()
                .getString("events.find { it.key == 'c1/v0/warn/0.75' }.skipped") != null;
    }

    /** Makes sure the service's consumers have joined their groups, so a test's timing is the clock's own. */
    private void awaitClockConsuming() {
        UUID probe = UUID.randomUUID();
        Instant now = clock.instant();
        publish(submitted(probe, Impact.LIMITED, now), "/intake-service");
        publish(accepted(probe, now), "/eligibility-service");
        events.await(probe.toString(), "ClockStarted", WAIT);
    }

    @Test
    void warningThenBreachInOrderOnTimeAndOnce() {
        awaitClockConsuming();
        UUID id = UUID.randomUUID();
        Instant submittedAt = clock.instant();
        publish(submitted(id, Impact.CRITICAL, submittedAt), "/intake-service");
        publish(accepted(id, submittedAt), "/eligibility-service");

        ReceivedEvent breach = events.await(id.toString(), "Breached", WAIT);
        Instant deadline = breach.as(Breached.class).deadline();
        assertThat(deadline).isEqualTo(submittedAt.plusSeconds(3));
        // record timestamp = when the relay sent it: never before the deadline, well under a second after
        long lagMillis = breach.timestamp() - deadline.toEpochMilli();
        assertThat(lagMillis).isBetween(0L, 1000L);
        assertThat(events.settle(id.toString(), "Breached", Duration.ofSeconds(1))).hasSize(1);
        assertThat(types(id)).containsExactlyInAnyOrder("ClockStarted", "DeadlineApproaching", "Breached");
        ReceivedEvent started = events.await(id.toString(), "ClockStarted", WAIT);
        ReceivedEvent warning = events.await(id.toString(), "DeadlineApproaching", WAIT);
        // in order of time (they travel on three topics, so their order is read from the record timestamps)
        assertThat(started.timestamp()).isLessThan(warning.timestamp());
        assertThat(warning.timestamp()).as(() -> asLead().get("/sla/" + id).asString())
                .isLessThan(breach.timestamp())
                .isGreaterThanOrEqualTo(submittedAt.plusMillis(2250).toEpochMilli());
        AsyncApiContract.load().assertConforms(events.forKey(id.toString()));

        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).contains("sla_events_emitted_total{type=\"Breached\"}",
                "sla_events_emitted_total{type=\"DeadlineApproaching\"}", "sla_firing_lag_seconds_count",
                "sla_firing_lag_seconds_bucket");
    }

    @Test
    void responseBeforeTheDeadlineMeetsItAndNothingBreaches() {
        UUID id = UUID.randomUUID();
        Instant submittedAt = clock.instant();
        publish(submitted(id, Impact.MAJOR, submittedAt), "/intake-service");
        publish(accepted(id, submittedAt), "/eligibility-service");
        events.await(id.toString(), "ClockStarted", WAIT);
        publish(new SupportResponded(id, UUID.randomUUID(), ResponseKind.ACTION_PLAN, submittedAt.plusSeconds(1)),
                "/intake-service");

        events.await(id.toString(), "ResponseDeadlineMet", WAIT);
        assertThat(events.settle(id.toString(), "Breached", Duration.ofSeconds(7))).isEmpty();
        assertThat(types(id)).containsExactly("ClockStarted", "ResponseDeadlineMet");
    }

    @Test
    void decisionBeforeTheRequestStillStartsTheClockAtSubmission() {
        UUID id = UUID.randomUUID();
        Instant submittedAt = clock.instant().minusSeconds(1);
        publish(accepted(id, submittedAt), "/eligibility-service");
        publish(submitted(id, Impact.LIMITED, submittedAt), "/intake-service");

        ReceivedEvent started = events.await(id.toString(), "ClockStarted", WAIT);
        assertThat(started.json().path("startedAt").asText()).isEqualTo(submittedAt.toString());
        assertThat(started.json().path("deadline").asText()).isEqualTo(submittedAt.plusSeconds(12).toString());
    }

    @Test
    void readSideShowsTheRunningCycleInTheQueueThenItsOutcomeAndAuditTrail() {
        UUID id = UUID.randomUUID();
        Instant submittedAt = clock.instant();
        publish(submitted(id, Impact.LIMITED, submittedAt), "/intake-service");
        publish(accepted(id, submittedAt), "/eligibility-service");
        events.await(id.toString(), "ClockStarted", WAIT);

        asLead().when().get("/sla/" + id).then()
                .statusCode(200)
                .body("decision", equalTo("ACCEPTED"))
                .body("calendar", equalTo("test-24x7"))
                .body("current.state", equalTo("RUNNING"))
                .body("current.impact", equalTo("LIMITED"))
                .body("current.deadline", equalTo(submittedAt.plusSeconds(12).toString()))
                .body("events.key", hasItems("c1/started", "c1/v0/warn/0.75", "c1/breached"))
                .body("events.find { it.key == 'c1/breached' }.emittedAt", nullValue());
        asLead().queryParam("state", "RUNNING").queryParam("sort", "deadline").when().get("/sla").then()
                .statusCode(200)
                .body("requestId", hasItem(id.toString()));

        publish(new SupportResponded(id, UUID.randomUUID(), ResponseKind.STATUS_UPDATE, submittedAt.plusSeconds(2)),
                "/intake-service");
        events.await(id.toString(), "ResponseDeadlineMet", WAIT);
        asLead().when().get("/sla/" + id).then()
                .statusCode(200)
                .body("current.state", equalTo("MET"))
                .body("events.key", not(hasItem("c1/breached")))
                .body("events.find { it.key == 'c1/responded' }.payload.remaining", equalTo("PT10S"));
        asLead().when().get("/sla").then().statusCode(200).body("requestId", not(hasItem(id.toString())));
        asLead().when().get("/sla/" + UUID.randomUUID()).then().statusCode(404);
        asLead().queryParam("state", "SLEEPING").when().get("/sla").then()
                .statusCode(400).body("errors[0].field", equalTo("state"));
    }

    @Test
    void rejectedRequestGetsNoClock() {
        UUID id = UUID.randomUUID();
        Instant submittedAt = clock.instant();
        publish(submitted(id, Impact.CRITICAL, submittedAt), "/intake-service");
        publish(new RequestRejected(id, RejectionReason.NO_ENTERPRISE_SUPPORT, "No add-on", submittedAt, submittedAt),
                "/eligibility-service");
        assertThat(events.settle(id.toString(), "ClockStarted", Duration.ofSeconds(5))).isEmpty();
        assertThat(types(id)).isEmpty();
    }

    @Test
    void redeliveredInputsDoNotDuplicateEvents() {
        UUID id = UUID.randomUUID();
        Instant submittedAt = clock.instant();
        ProducerRecord<String, String> request = CloudEventRecords.record(submitted(id, Impact.CRITICAL, submittedAt),
                UUID.randomUUID(), "/intake-service");
        ProducerRecord<String, String> decision = CloudEventRecords.record(accepted(id, submittedAt),
                UUID.randomUUID(), "/eligibility-service");
        KafkaTestResource.publish(request);
        KafkaTestResource.publish(decision);
        KafkaTestResource.publish(request);
        KafkaTestResource.publish(decision);

        events.await(id.toString(), "Breached", WAIT);
        KafkaTestResource.publish(decision);
        events.settle(id.toString(), "Breached", Duration.ofSeconds(1));
        // each event once; the warning (0.75 s before the deadline) is skipped as stale instead when the machine
        // was too slow to fire it before the deadline, and then it is in the audit trail, never on Kafka
        List<String> types = types(id);
        assertThat(types).containsOnlyOnce("ClockStarted", "Breached").doesNotHaveDuplicates();
        assertThat(types.contains("DeadlineApproaching")).isNotEqualTo(warningSkipped(id));
    }

    @Test
    void aDeadlineThatPassedBeforeTheClockHeardOfItIsBreachedAtOnceAndOnceWithoutAStaleWarning() {
        UUID id = UUID.randomUUID();
        Instant submittedAt = clock.instant().minus(Duration.ofHours(1));
        publish(submitted(id, Impact.CRITICAL, submittedAt), "/intake-service");
        publish(accepted(id, submittedAt), "/eligibility-service");

        events.await(id.toString(), "Breached", Duration.ofSeconds(10));
        events.awaitCaughtUp(WAIT);
        // due at once, on two topics: Kafka orders them per topic only; the warning ("30 min left") would come
        // with the breach: it is kept in the audit trail as skipped, not sent
        assertThat(types(id)).containsExactlyInAnyOrder("ClockStarted", "Breached");
        given().auth().oauth2(io.slaplatform.testkit.security.TestTokens.lead()).when().get("/sla/" + id).then()
                .statusCode(200)
                .body("events.find { it.key == 'c1/v0/warn/0.75' }.skipped", org.hamcrest.Matchers.startsWith(
                        "its deadline had passed"))
                .body("events.findAll { it.emittedAt == null }", org.hamcrest.Matchers.empty());
    }

    @Test
    void retroactiveReclassificationPastTheNewDeadlineBreachesAtOnce() {
        UUID id = UUID.randomUUID();
        Instant submittedAt = clock.instant().minusSeconds(4);
        publish(submitted(id, Impact.MAJOR, submittedAt), "/intake-service");
        publish(accepted(id, submittedAt), "/eligibility-service");
        events.await(id.toString(), "ClockStarted", WAIT);
        // MAJOR (6 s) from 4 s ago; CRITICAL (3 s) counted from the start was due 1 s ago
        publish(new ImpactReclassified(id, Impact.MAJOR, Impact.CRITICAL, "All projects down", clock.instant()),
                "/intake-service");

        ReceivedEvent breach = events.await(id.toString(), "Breached", WAIT);
        assertThat(breach.json().path("impact").asText()).isEqualTo("CRITICAL");
        assertThat(breach.json().path("deadline").asText()).isEqualTo(submittedAt.plusSeconds(3).toString());
        ReceivedEvent changed = events.await(id.toString(), "DeadlineChanged", WAIT);
        assertThat(changed.json().path("policy").asText()).isEqualTo("RETROACTIVE");
        assertThat(events.settle(id.toString(), "Breached", Duration.ofSeconds(4))).hasSize(1);
    }
}
