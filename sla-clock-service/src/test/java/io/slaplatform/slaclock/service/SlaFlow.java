package io.slaplatform.slaclock.service;

import io.restassured.specification.RequestSpecification;
import io.slaplatform.events.CloudEventRecords;
import io.slaplatform.events.CustomerReplied;
import io.slaplatform.events.DomainEvent;
import io.slaplatform.events.Impact;
import io.slaplatform.events.ImpactReclassified;
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

    static void reply(UUID id, Instant at) {
        publish(new CustomerReplied(id, UUID.randomUUID(), at), "/intake-service");
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
