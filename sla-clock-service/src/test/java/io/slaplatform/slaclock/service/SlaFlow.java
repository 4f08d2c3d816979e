package io.slaplatform.slaclock.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.restassured.specification.RequestSpecification;
import io.slaplatform.events.CloudEventRecords;
import io.slaplatform.events.CustomerReplied;
import io.slaplatform.events.DeadlineApproaching;
import io.slaplatform.events.DomainEvent;
import io.slaplatform.events.EventCodec;
import io.slaplatform.events.Impact;
import io.slaplatform.events.ImpactReclassified;
import io.slaplatform.events.RejectionReason;
import io.slaplatform.events.ReplyCovered;
import io.slaplatform.events.ReplyNotCovered;
import io.slaplatform.events.RequestAccepted;
import io.slaplatform.events.RequestSubmitted;
import io.slaplatform.events.ResponseKind;
import io.slaplatform.events.SupportResponded;
import io.slaplatform.testkit.EventLog;
import io.slaplatform.testkit.ReceivedEvent;
import io.slaplatform.testkit.quarkus.KafkaTestResource;
import io.slaplatform.testkit.security.TestTokens;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Drives the SLA clock through the real broker as intake and eligibility would (CloudEvents records on
 * {@code support.requests} and {@code support.eligibility}) and reads what it emits on the {@code sla.*} topics.
 * Instants are whole microseconds, as PostgreSQL keeps them. Reads the SLA API ({@code /sla}) as a support lead.
 */
final class SlaFlow {

    /** Generous, for a loaded CI machine: awaits return as soon as the event is there. */
    static final Duration WAIT = Duration.ofSeconds(30);

    final EventLog events = KafkaTestResource.events();
    final Clock clock = Clock.tick(Clock.systemUTC(), Duration.ofNanos(1_000));

    Instant now() {
        return clock.instant();
    }

    /** A request to the SLA API with a support lead's token (the queue and the ticket views are for staff). */
    static RequestSpecification asLead() {
        return given().auth().oauth2(TestTokens.lead());
    }

    /** Publishes an event and returns its {@code ce_id}. */
    static UUID publish(DomainEvent event, String source) {
        UUID eventId = UUID.randomUUID();
        KafkaTestResource.publish(CloudEventRecords.record(event, eventId, source));
        return eventId;
    }

    /** A request submitted at {@code at} by a customer in {@code country}, and its acceptance. */
    static void submitAccepted(UUID id, Impact impact, Instant at, String country) {
        publish(new RequestSubmitted(id, "ops@customer.example", "anna@customer.example", impact, "Stalls", "Details",
                country, null, at), "/intake-service");
        publish(new RequestAccepted(id, UUID.randomUUID(), country, at, at), "/eligibility-service");
    }

    /** On the 24x7 test calendar (Iceland). */
    static void submitAccepted(UUID id, Impact impact, Instant at) {
        submitAccepted(id, impact, at, "IS");
    }

    static void respond(UUID id, Instant at) {
        publish(new SupportResponded(id, UUID.randomUUID(), ResponseKind.ACTION_PLAN, at), "/intake-service");
    }

    /** A customer reply and eligibility's decision that Enterprise support covered it, decided at once. */
    static void reply(UUID id, Instant at) {
        cover(id, replyPending(id, at), at, at);
    }

    /** A customer reply whose coverage eligibility has not decided yet; returns the reply id. */
    static UUID replyPending(UUID id, Instant at) {
        UUID replyId = UUID.randomUUID();
        publish(new CustomerReplied(id, replyId, at), "/intake-service");
        return replyId;
    }

    /** Eligibility's decision that Enterprise support covered a reply, taken at {@code decidedAt}. */
    static void cover(UUID id, UUID replyId, Instant repliedAt, Instant decidedAt) {
        publish(new ReplyCovered(id, replyId, UUID.randomUUID(), repliedAt, decidedAt), "/eligibility-service");
    }

    /** A customer reply and eligibility's decision that Enterprise support did not cover it. */
    static void replyNotCovered(UUID id, Instant at, RejectionReason reason) {
        UUID replyId = replyPending(id, at);
        publish(new ReplyNotCovered(id, replyId, reason, "Not covered at " + at, at, at), "/eligibility-service");
    }

    /** Returns the event id, which is the reclassification's id (the {@code c1/changed/<id>} key). */
    static UUID reclassify(UUID id, Impact from, Impact to, Instant at) {
        return publish(new ImpactReclassified(id, from, to, "Reassessed", at), "/intake-service");
    }

    /** The first SLA event of this type for this cycle of the ticket. */
    ReceivedEvent await(UUID id, String type, int cycle) {
        return events.awaitMatching(e -> id.toString().equals(e.key()) && type.equals(e.type())
                && e.json().path("cycle").asInt() == cycle, WAIT, type + " of cycle " + cycle + " for " + id);
    }

    /**
     * The warning with this key of the ticket, as the clock planned it, once settled: sent (then it is the one on
     * Kafka), or not sent because it fell due when its deadline had passed, which a machine too busy for a 0.75 s
     * margin (CRITICAL's 3 s here) may cause. Its audit-trail row has it either way.
     */
    DeadlineApproaching awaitWarningSentOrSkipped(UUID id, String key) {
        JsonNode row = Awaitility.await(key + " of " + id + " settled").atMost(WAIT)
                .pollInterval(50, TimeUnit.MILLISECONDS)
                .until(() -> auditRow(id, key), r -> r != null && r.hasNonNull("emittedAt"));
        DeadlineApproaching planned = EventCodec.decode(row.get("payload").toString(), DeadlineApproaching.class);
        if (!row.hasNonNull("skipped")) {
            int cycle = planned.cycle();
            assertThat(await(id, "DeadlineApproaching", cycle).as(DeadlineApproaching.class)).isEqualTo(planned);
        } else {
            assertThat(row.get("skipped").asText()).isEqualTo(SlaTimers.STALE);
            assertThat(all(id, "DeadlineApproaching")).noneMatch(e -> e.json().path("cycle").asInt()
                    == planned.cycle() && e.json().path("deadline").asText().equals(planned.deadline().toString()));
        }
        return planned;
    }

    /** The ticket's audit-trail row ({@code GET /sla/{id}} {@code events[]}) with this key, or null. */
    private static JsonNode auditRow(UUID id, String key) throws java.io.IOException {
        JsonNode ticket = EventCodec.mapper().readTree(asLead().when().get("/sla/" + id).then().statusCode(200)
                .extract().asString());
        for (JsonNode row : ticket.path("events")) {
            if (key.equals(row.path("key").asText())) {
                return row;
            }
        }
        return null;
    }

    /** Every SLA event of this type of the ticket, so far. */
    List<ReceivedEvent> all(UUID id, String type) {
        return events.forKey(id.toString(), type);
    }

    /** Types of the ticket's SLA events so far. */
    List<String> types(UUID id) {
        return events.forKey(id.toString()).stream().filter(e -> e.topic().startsWith("sla."))
                .map(ReceivedEvent::type).toList();
    }

    /**
     * Waits until {@code instant} plus {@code margin} has passed on this machine's clock (the service's clock):
     * used before asserting that something due by then did not happen.
     */
    void awaitPast(Instant instant, Duration margin) {
        Instant until = instant.plus(margin);
        Duration ahead = Duration.between(now(), until);
        Awaitility.await("clock past " + until)
                .atMost(WAIT.plus(ahead.isNegative() ? Duration.ZERO : ahead).toMillis(), TimeUnit.MILLISECONDS)
                .pollInterval(20, TimeUnit.MILLISECONDS)
                .until(() -> now().isAfter(until));
    }

    /** Makes sure the service's consumers have joined their groups, so a test's timing is the clock's own. */
    void awaitClockConsuming() {
        UUID probe = UUID.randomUUID();
        submitAccepted(probe, Impact.LIMITED, now());
        events.await(probe.toString(), "ClockStarted", WAIT);
    }

    /** A duration's share, exactly (for warning instants). */
    static Duration share(Duration target, double share) {
        return Duration.ofNanos(Math.round(target.toNanos() * share));
    }
}
