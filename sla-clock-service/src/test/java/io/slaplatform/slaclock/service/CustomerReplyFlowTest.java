package io.slaplatform.slaclock.service;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.slaplatform.events.Breached;
import io.slaplatform.events.ClockStarted;
import io.slaplatform.events.DeadlineApproaching;
import io.slaplatform.events.Impact;
import io.slaplatform.events.RejectionReason;
import io.slaplatform.events.ResponseDeadlineMet;
import io.slaplatform.events.UnguaranteedCycleAnswered;
import io.slaplatform.events.UnguaranteedCycleStarted;
import io.slaplatform.slaclock.cycle.CyclePlanner;
import io.slaplatform.testkit.AsyncApiContract;
import io.slaplatform.testkit.ReceivedEvent;
import io.slaplatform.testkit.Sql;
import io.slaplatform.testkit.quarkus.KafkaTestResource;
import io.slaplatform.testkit.quarkus.PostgresSchemaTestResource;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.slaplatform.slaclock.service.ShortTargetsConfig.CRITICAL;
import static io.slaplatform.slaclock.service.ShortTargetsConfig.LIMITED;
import static io.slaplatform.slaclock.service.ShortTargetsConfig.WARNING_SHARE;
import static io.slaplatform.slaclock.service.SlaFlow.asLead;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;

/**
 * Customer replies through the real broker and PostgreSQL: a reply while no cycle runs starts the next cycle at
 * the reply, with the ticket's latest impact, and that cycle then warns and breaches, or is met, on its own; a
 * reply while a cycle runs starts nothing. A reply Enterprise support did not cover (eligibility's
 * {@code ReplyNotCovered}) starts a cycle without deadline; a reply waits for eligibility's decision. 24x7 test
 * calendar, LIMITED 12 s, CRITICAL 3 s.
 */
@QuarkusTest
@TestProfile(SlaClockFlowTest.ShortTargets.class)
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresSchemaTestResource.class)
class CustomerReplyFlowTest {

    private final SlaFlow flow = new SlaFlow();

    @Inject
    AgroalDataSource dataSource;

    @BeforeEach
    void clockConsuming() {
        flow.awaitClockConsuming();
    }

    @Test
    void replyAfterTheResponseStartsCycleTwoWithTheLatestImpactWhichWarnsAndBreachesOnItsOwn() {
        UUID id = UUID.randomUUID();
        Instant submittedAt = flow.now();
        SlaFlow.submitAccepted(id, Impact.LIMITED, submittedAt);
        flow.await(id, "ClockStarted", 1);
        Instant respondedAt = flow.now();
        SlaFlow.respond(id, respondedAt);
        ResponseDeadlineMet met = flow.await(id, "ResponseDeadlineMet", 1).as(ResponseDeadlineMet.class);
        assertThat(met.deadline()).isEqualTo(submittedAt.plus(LIMITED));
        // raised while no cycle runs: no deadline moves, but the next cycle runs on CRITICAL
        SlaFlow.reclassify(id, Impact.LIMITED, Impact.CRITICAL, flow.now());
        Instant repliedAt = flow.now();
        SlaFlow.reply(id, repliedAt);

        ClockStarted started = flow.await(id, "ClockStarted", 2).as(ClockStarted.class);
        assertThat(started.startedAt()).isEqualTo(repliedAt);
        assertThat(started.impact()).isEqualTo(Impact.CRITICAL);
        assertThat(started.target()).isEqualTo(CRITICAL);
        assertThat(started.calendar()).isEqualTo("test-24x7");
        assertThat(started.deadline()).isEqualTo(repliedAt.plus(CRITICAL));

        DeadlineApproaching warning = flow.awaitWarningSentOrSkipped(id, "c2/v0/warn/0.75");
        assertThat(warning.impact()).isEqualTo(Impact.CRITICAL);
        assertThat(warning.reachedAt()).isEqualTo(repliedAt.plus(SlaFlow.share(CRITICAL, WARNING_SHARE)));
        assertThat(warning.deadline()).isEqualTo(started.deadline());
        ReceivedEvent breach = flow.await(id, "Breached", 2);
        assertThat(breach.as(Breached.class).impact()).isEqualTo(Impact.CRITICAL);
        assertThat(breach.as(Breached.class).deadline()).isEqualTo(started.deadline());
        // fired by its own timer: not before the deadline
        assertThat(breach.timestamp()).isGreaterThanOrEqualTo(started.deadline().toEpochMilli());

        assertThat(flow.events.settle(id.toString(), "Breached", Duration.ofSeconds(1)))
                .extracting(e -> e.json().path("cycle").asInt()).containsExactly(2);
        assertThat(flow.all(id, "ClockStarted")).extracting(e -> e.json().path("cycle").asInt())
                .containsExactly(1, 2);
        assertThat(flow.all(id, "DeadlineChanged")).as("a reclassification while no cycle runs moves no deadline")
                .isEmpty();
        AsyncApiContract.load().assertConforms(flow.events.forKey(id.toString()));
        asLead().when().get("/sla/" + id).then().statusCode(200)
                .body("current.cycle", equalTo(2))
                .body("current.state", equalTo("BREACHED"))
                .body("current.impact", equalTo("CRITICAL"))
                .body("current.deadline", equalTo(started.deadline().toString()));
    }

    @Test
    void replyWhileACycleRunsStartsNothingAndTheNextCycleIsMetOnItsOwn() {
        UUID id = UUID.randomUUID();
        Instant submittedAt = flow.now();
        SlaFlow.submitAccepted(id, Impact.LIMITED, submittedAt);
        flow.await(id, "ClockStarted", 1);
        SlaFlow.reply(id, flow.now()); // cycle 1 runs: nothing starts
        Instant respondedAt = flow.now();
        SlaFlow.respond(id, respondedAt);

        ResponseDeadlineMet first = flow.await(id, "ResponseDeadlineMet", 1).as(ResponseDeadlineMet.class);
        assertThat(first.respondedAt()).isEqualTo(respondedAt);
        assertThat(first.deadline()).isEqualTo(submittedAt.plus(LIMITED));
        assertThat(first.remaining()).isEqualTo(Duration.between(respondedAt, first.deadline()));

        Instant repliedAt = flow.now();
        SlaFlow.reply(id, repliedAt);
        ClockStarted started = flow.await(id, "ClockStarted", 2).as(ClockStarted.class);
        assertThat(started.startedAt()).isEqualTo(repliedAt);
        assertThat(started.impact()).isEqualTo(Impact.LIMITED);
        assertThat(started.deadline()).isEqualTo(repliedAt.plus(LIMITED));
        Instant secondResponseAt = flow.now();
        SlaFlow.respond(id, secondResponseAt);

        ResponseDeadlineMet second = flow.await(id, "ResponseDeadlineMet", 2).as(ResponseDeadlineMet.class);
        assertThat(second.respondedAt()).isEqualTo(secondResponseAt);
        assertThat(second.deadline()).isEqualTo(started.deadline());
        assertThat(second.remaining()).isEqualTo(Duration.between(secondResponseAt, started.deadline()));
        assertThat(flow.events.settle(id.toString(), "ClockStarted", Duration.ofSeconds(1)))
                .as("the reply during cycle 1 started no cycle")
                .extracting(e -> e.json().path("cycle").asInt()).containsExactly(1, 2);
        assertThat(flow.all(id, "Breached")).isEmpty();
        asLead().when().get("/sla/" + id).then().statusCode(200)
                .body("current.cycle", equalTo(2))
                .body("current.state", equalTo("MET"))
                .body("current.respondedAt", equalTo(secondResponseAt.toString()));
    }

    @Test
    void aReplyEnterpriseSupportNoLongerCoversStartsACycleWithoutDeadlineAndTheNextCoveredReplyAGuaranteedOne() {
        UUID id = UUID.randomUUID();
        SlaFlow.submitAccepted(id, Impact.CRITICAL, flow.now());
        flow.await(id, "ClockStarted", 1);
        SlaFlow.respond(id, flow.now());
        flow.await(id, "ResponseDeadlineMet", 1);

        Instant repliedAt = flow.now();
        SlaFlow.replyNotCovered(id, repliedAt, RejectionReason.ENTERPRISE_SUPPORT_EXPIRED);
        UnguaranteedCycleStarted started = flow.await(id, "UnguaranteedCycleStarted", 2)
                .as(UnguaranteedCycleStarted.class);
        assertThat(started.startedAt()).isEqualTo(repliedAt);
        assertThat(started.impact()).isEqualTo(Impact.CRITICAL);
        assertThat(started.calendar()).isEqualTo("test-24x7");
        assertThat(started.reason()).isEqualTo(RejectionReason.ENTERPRISE_SUPPORT_EXPIRED);
        asLead().when().get("/sla/" + id).then().statusCode(200)
                .body("current.cycle", equalTo(2))
                .body("current.state", equalTo("UNGUARANTEED"))
                .body("current.deadline", nullValue());
        asLead().queryParam("state", "UNGUARANTEED").queryParam("limit", 1000).when().get("/sla").then()
                .statusCode(200).body("requestId", hasItem(id.toString()));

        Instant respondedAt = flow.now();
        SlaFlow.respond(id, respondedAt);
        assertThat(flow.await(id, "UnguaranteedCycleAnswered", 2).as(UnguaranteedCycleAnswered.class)
                .respondedAt()).isEqualTo(respondedAt);
        asLead().when().get("/sla/" + id).then().statusCode(200)
                .body("current.state", equalTo("ANSWERED"))
                .body("current.respondedAt", equalTo(respondedAt.toString()));

        Instant coveredAgainAt = flow.now();
        SlaFlow.reply(id, coveredAgainAt);
        ClockStarted third = flow.await(id, "ClockStarted", 3).as(ClockStarted.class);
        assertThat(third.startedAt()).isEqualTo(coveredAgainAt);
        assertThat(third.deadline()).isEqualTo(coveredAgainAt.plus(CRITICAL));

        // cycle 2 never had a timer: its audit trail holds its start and its answer, nothing else
        List<String> cycleTwo = asLead().when().get("/sla/" + id).then().statusCode(200).extract()
                .jsonPath().getList("events.key", String.class).stream().filter(k -> k.startsWith("c2/")).toList();
        assertThat(cycleTwo).containsExactlyInAnyOrder("c2/started", "c2/responded");
        assertThat(flow.all(id, "ClockStarted")).extracting(e -> e.json().path("cycle").asInt())
                .containsExactly(1, 3);
        AsyncApiContract.load().assertConforms(flow.events.forKey(id.toString()));
    }

    @Test
    void aReplyWaitsForEligibilityAndItsWarningIsSkippedWhenTheCoverageCameAfterIt() {
        UUID id = UUID.randomUUID();
        SlaFlow.submitAccepted(id, Impact.LIMITED, flow.now());
        flow.await(id, "ClockStarted", 1);
        SlaFlow.respond(id, flow.now());
        flow.await(id, "ResponseDeadlineMet", 1);
        SlaFlow.reclassify(id, Impact.LIMITED, Impact.CRITICAL, flow.now());

        Instant repliedAt = flow.now();
        UUID replyId = SlaFlow.replyPending(id, repliedAt);
        Awaitility.await("the reply stored, its coverage not decided").atMost(SlaFlow.WAIT).until(() ->
                Sql.count(dataSource,
                        "SELECT count(*) FROM ticket_fact WHERE fact_id = ? AND coverage IS NULL", replyId) == 1);
        // the reply is applied (stored and re-planned in one transaction): no cycle 2 while eligibility decides
        asLead().when().get("/sla/" + id).then().statusCode(200)
                .body("current.cycle", equalTo(1))
                .body("current.state", equalTo("MET"));

        // decided after the warning instant of the cycle (75% of CRITICAL's 3 s): the breach only
        SlaFlow.cover(id, replyId, repliedAt, repliedAt.plus(SlaFlow.share(CRITICAL, 0.9)));
        ClockStarted started = flow.await(id, "ClockStarted", 2).as(ClockStarted.class);
        assertThat(started.startedAt()).isEqualTo(repliedAt);
        assertThat(started.impact()).isEqualTo(Impact.CRITICAL);
        flow.await(id, "Breached", 2);
        assertThat(flow.all(id, "DeadlineApproaching")).extracting(e -> e.json().path("cycle").asInt())
                .doesNotContain(2);
        asLead().when().get("/sla/" + id).then().statusCode(200)
                .body("events.find { it.key == 'c2/v0/warn/0.75' }.skipped",
                        equalTo(CyclePlanner.LEARNED_LATE));
    }
}
