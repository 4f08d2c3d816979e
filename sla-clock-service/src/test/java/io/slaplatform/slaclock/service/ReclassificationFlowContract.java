package io.slaplatform.slaclock.service;

import io.slaplatform.events.Breached;
import io.slaplatform.events.DeadlineApproaching;
import io.slaplatform.events.DeadlineChanged;
import io.slaplatform.events.Impact;
import io.slaplatform.events.ReclassificationPolicy;
import io.slaplatform.events.ResponseLate;
import io.slaplatform.slaclock.cycle.CyclePlanner;
import io.slaplatform.testkit.AsyncApiContract;
import io.slaplatform.testkit.ReceivedEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.slaplatform.slaclock.service.ShortTargetsConfig.CRITICAL;
import static io.slaplatform.slaclock.service.ShortTargetsConfig.LIMITED;
import static io.slaplatform.slaclock.service.ShortTargetsConfig.MAJOR;
import static io.slaplatform.slaclock.service.ShortTargetsConfig.MODERATE;
import static io.slaplatform.slaclock.service.ShortTargetsConfig.WARNING_SHARE;
import static io.slaplatform.slaclock.service.SlaFlow.asLead;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.hasItem;

/**
 * Reclassification of a running cycle through the real broker and PostgreSQL, under the policy of the subclass's
 * test profile: raising and lowering move the deadline to exactly what the policy says (computed here from the
 * submission and reclassification instants and the targets, on the 24x7 test calendar), {@code DeadlineChanged}
 * says so, the warning is re-armed for the new deadline, the old pending warning and breach are never emitted, and
 * a breach already emitted stands.
 *
 * <p>Event times are set by the test, so every expected instant is exact whatever the machine's load; the only
 * timing the tests rely on is that the service takes a reclassification in within seconds (before the old
 * warning would fall).
 */
abstract class ReclassificationFlowContract {

    final SlaFlow flow = new SlaFlow();

    /** The policy the subclass's profile configures. */
    abstract ReclassificationPolicy policy();

    /** The deadline of a cycle started at {@code start} and reclassified at {@code changedAt} to {@code target}. */
    Instant expectedDeadline(Instant start, Instant changedAt, Duration target) {
        return switch (policy()) {
            case RETROACTIVE -> start.plus(target);
            case FROM_RECLASSIFICATION -> changedAt.plus(target);
        };
    }

    /** When the re-armed warning falls: its share of the new target, counted as the deadline is, never before the change. */
    Instant expectedWarning(Instant start, Instant changedAt, Duration target) {
        Instant base = policy() == ReclassificationPolicy.RETROACTIVE ? start : changedAt;
        Instant reached = base.plus(SlaFlow.share(target, WARNING_SHARE));
        return reached.isBefore(changedAt) ? changedAt : reached;
    }

    @BeforeEach
    void clockConsuming() {
        flow.awaitClockConsuming();
    }

    /** Reclassifies one second into the cycle, once that second has come: a reclassification as intake sends it. */
    private UUID reclassifyOneSecondIn(UUID id, Instant submittedAt, Impact from, Impact to) {
        flow.await(id, "ClockStarted", 1); // the first deadline's timers are pending now
        Instant changedAt = submittedAt.plusSeconds(1);
        flow.awaitPast(changedAt, Duration.ZERO);
        return SlaFlow.reclassify(id, from, to, changedAt);
    }

    @Test
    void raisingToCriticalBringsTheDeadlineForwardAndRearmsTheWarning() {
        UUID id = UUID.randomUUID();
        Instant submittedAt = flow.now();
        SlaFlow.submitAccepted(id, Impact.LIMITED, submittedAt);
        Instant changedAt = submittedAt.plusSeconds(1);
        UUID change = reclassifyOneSecondIn(id, submittedAt, Impact.LIMITED, Impact.CRITICAL);
        Instant oldDeadline = submittedAt.plus(LIMITED);
        Instant oldWarning = submittedAt.plus(SlaFlow.share(LIMITED, WARNING_SHARE));
        Instant newDeadline = expectedDeadline(submittedAt, changedAt, CRITICAL);
        assertThat(newDeadline).isBefore(oldDeadline);

        DeadlineChanged changed = flow.await(id, "DeadlineChanged", 1).as(DeadlineChanged.class);
        assertThat(changed).isEqualTo(new DeadlineChanged(id, 1, Impact.LIMITED, Impact.CRITICAL, oldDeadline,
                newDeadline, policy(), changedAt));
        DeadlineApproaching warning = flow.awaitWarningSentOrSkipped(id, "c1/v1/warn/0.75");
        assertThat(warning.impact()).isEqualTo(Impact.CRITICAL);
        assertThat(warning.deadline()).isEqualTo(newDeadline);
        assertThat(warning.reachedAt()).isEqualTo(expectedWarning(submittedAt, changedAt, CRITICAL));
        ReceivedEvent breach = flow.await(id, "Breached", 1);
        assertThat(breach.as(Breached.class)).isEqualTo(new Breached(id, 1, Impact.CRITICAL, "test-24x7",
                newDeadline));
        assertThat(breach.timestamp()).as("not before the deadline")
                .isGreaterThanOrEqualTo(newDeadline.toEpochMilli());

        // the LIMITED warning was pending until the change: it must not fire when its time comes
        flow.awaitPast(oldWarning, Duration.ofSeconds(2));
        assertThat(flow.all(id, "DeadlineApproaching")).hasSizeLessThanOrEqualTo(1)
                .allMatch(e -> e.json().path("impact").asText().equals("CRITICAL"));
        assertThat(flow.all(id, "Breached")).hasSize(1);
        assertThat(flow.all(id, "DeadlineChanged")).hasSize(1);
        AsyncApiContract.load().assertConforms(flow.events.forKey(id.toString()));
        asLead().when().get("/sla/" + id).then().statusCode(200)
                .body("current.impact", equalTo("CRITICAL"))
                .body("current.deadline", equalTo(newDeadline.toString()))
                .body("current.state", equalTo("BREACHED"))
                .body("events.key", hasItems("c1/started", "c1/changed/" + change, "c1/v1/warn/0.75", "c1/breached"))
                .body("events.key", not(hasItem("c1/v0/warn/0.75")));
    }

    @Test
    void loweringMovesTheDeadlineLaterRearmsTheWarningAndDropsTheOldTimers() {
        UUID id = UUID.randomUUID();
        Instant submittedAt = flow.now();
        SlaFlow.submitAccepted(id, Impact.MODERATE, submittedAt);
        Instant changedAt = submittedAt.plusSeconds(1);
        UUID change = reclassifyOneSecondIn(id, submittedAt, Impact.MODERATE, Impact.LIMITED);
        Instant oldDeadline = submittedAt.plus(MODERATE);
        Instant newDeadline = expectedDeadline(submittedAt, changedAt, LIMITED);
        Instant newWarning = expectedWarning(submittedAt, changedAt, LIMITED);
        assertThat(newWarning).as("the new warning falls after the old deadline").isAfter(oldDeadline);

        DeadlineChanged changed = flow.await(id, "DeadlineChanged", 1).as(DeadlineChanged.class);
        assertThat(changed).isEqualTo(new DeadlineChanged(id, 1, Impact.MODERATE, Impact.LIMITED, oldDeadline,
                newDeadline, policy(), changedAt));
        ReceivedEvent warning = flow.await(id, "DeadlineApproaching", 1);
        assertThat(warning.as(DeadlineApproaching.class)).isEqualTo(new DeadlineApproaching(id, 1, Impact.LIMITED,
                "test-24x7", WARNING_SHARE, Duration.between(newWarning, newDeadline), newDeadline, newWarning));
        ReceivedEvent breach = flow.await(id, "Breached", 1);
        assertThat(breach.as(Breached.class)).isEqualTo(new Breached(id, 1, Impact.LIMITED, "test-24x7",
                newDeadline));
        // the first warning and breach read are the new ones: the MODERATE ones, due earlier, never fired
        assertThat(warning.timestamp()).isGreaterThanOrEqualTo(newWarning.toEpochMilli());
        assertThat(breach.timestamp()).isGreaterThanOrEqualTo(newDeadline.toEpochMilli());
        assertThat(flow.events.settle(id.toString(), "Breached", Duration.ofSeconds(1))).hasSize(1);
        assertThat(flow.all(id, "DeadlineApproaching")).hasSize(1);
        asLead().when().get("/sla/" + id).then().statusCode(200)
                .body("current.impact", equalTo("LIMITED"))
                .body("current.deadline", equalTo(newDeadline.toString()))
                .body("events.key", hasItems("c1/changed/" + change, "c1/v1/warn/0.75", "c1/breached"))
                .body("events.key", not(hasItem("c1/v0/warn/0.75")));
    }

    @Test
    void aBreachAlreadyEmittedStandsAndItsDeadlineNoLongerMovesWhenTheImpactIsLowered() {
        UUID id = UUID.randomUUID();
        Instant submittedAt = flow.now();
        SlaFlow.submitAccepted(id, Impact.CRITICAL, submittedAt);
        Instant oldDeadline = submittedAt.plus(CRITICAL);
        assertThat(flow.await(id, "Breached", 1).as(Breached.class).deadline()).isEqualTo(oldDeadline);
        Instant changedAt = flow.now();
        // lowered to LIMITED: its deadline lies far enough beyond the missed one to answer before it below
        UUID change = SlaFlow.reclassify(id, Impact.CRITICAL, Impact.LIMITED, changedAt);
        Instant newDeadline = expectedDeadline(submittedAt, changedAt, LIMITED);

        // the change is kept in the audit trail, as skipped: no deadline is announced that nothing would enforce
        Awaitility.await("the reclassification in the audit trail").atMost(SlaFlow.WAIT).until(() ->
                asLead().when().get("/sla/" + id).then().statusCode(200).extract().jsonPath()
                        .getString("events.find { it.key == 'c1/changed/" + change + "' }.skipped") != null);
        asLead().when().get("/sla/" + id).then().statusCode(200)
                .body("current.state", equalTo("BREACHED"))
                .body("current.deadline", equalTo(oldDeadline.toString()))
                .body("current.impact", equalTo("CRITICAL"))
                .body("events.find { it.key == 'c1/changed/" + change + "' }.skipped",
                        equalTo(CyclePlanner.AFTER_BREACH))
                .body("events.find { it.key == 'c1/changed/" + change + "' }.payload.newDeadline",
                        equalTo(newDeadline.toString()))
                .body("events.findAll { it.emittedAt == null }", empty());

        // an answer before the deadline the new impact would have had is late against the one missed; recorded just
        // after the change (published now), so that the time this test takes after the change does not matter
        Instant respondedAt = changedAt.plusMillis(1);
        assertThat(respondedAt).as("answered before the new deadline").isBefore(newDeadline);
        SlaFlow.respond(id, respondedAt);
        ResponseLate late = flow.await(id, "ResponseLate", 1).as(ResponseLate.class);
        assertThat(late).isEqualTo(new ResponseLate(id, 1, Impact.CRITICAL, "test-24x7", oldDeadline, respondedAt,
                Duration.between(oldDeadline, respondedAt), Duration.between(oldDeadline, respondedAt)));
        // on sla.clock, a DeadlineChanged would have come before the ResponseLate behind it
        assertThat(flow.all(id, "DeadlineChanged")).isEmpty();
        assertThat(flow.all(id, "Breached")).extracting(e -> e.as(Breached.class))
                .containsExactly(new Breached(id, 1, Impact.CRITICAL, "test-24x7", oldDeadline));
        assertThat(flow.all(id, "ResponseDeadlineMet")).isEmpty();
        asLead().when().get("/sla/" + id).then().statusCode(200)
                .body("current.impact", equalTo("CRITICAL"))
                .body("current.state", equalTo("LATE"))
                .body("events.find { it.key == 'c1/breached' }.payload.deadline", equalTo(oldDeadline.toString()));
    }
}
