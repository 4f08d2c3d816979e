package io.slaplatform.slaclock.service;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.slaplatform.events.Breached;
import io.slaplatform.events.Impact;
import io.slaplatform.events.ResponseLate;
import io.slaplatform.testkit.AsyncApiContract;
import io.slaplatform.testkit.ReceivedEvent;
import io.slaplatform.testkit.quarkus.KafkaTestResource;
import io.slaplatform.testkit.quarkus.PostgresSchemaTestResource;
import io.slaplatform.testkit.time.TestClock;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.slaplatform.slaclock.service.ShortTargetsConfig.CRITICAL;
import static io.slaplatform.slaclock.service.SlaFlow.asLead;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * A response after the deadline, through the real broker and PostgreSQL: the cycle breached exactly once, and the
 * response is a {@code ResponseLate} with how late it came (business time and wall-clock time), never a
 * {@code ResponseDeadlineMet}.
 */
@QuarkusTest
@TestProfile(SlaClockFlowTest.ShortTargets.class)
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresSchemaTestResource.class)
class LateResponseFlowTest {

    private final SlaFlow flow = new SlaFlow();

    @Inject
    TestClock clock;

    @BeforeEach
    void clockConsuming() {
        flow.awaitClockConsuming();
    }

    @AfterEach
    void putTheClockBack() {
        clock.reset();
    }

    @Test
    void responseAfterTheBreachIsLateByTheTimePastTheDeadline() {
        UUID id = UUID.randomUUID();
        Instant submittedAt = flow.now();
        SlaFlow.submitAccepted(id, Impact.CRITICAL, submittedAt);
        Breached breach = flow.await(id, "Breached", 1).as(Breached.class);
        Instant deadline = submittedAt.plus(CRITICAL);
        assertThat(breach.deadline()).isEqualTo(deadline);
        Instant respondedAt = flow.now();
        assertThat(respondedAt).isAfter(deadline);
        SlaFlow.respond(id, respondedAt);

        ReceivedEvent lateEvent = flow.await(id, "ResponseLate", 1);
        ResponseLate late = lateEvent.as(ResponseLate.class);
        assertThat(late.impact()).isEqualTo(Impact.CRITICAL);
        assertThat(late.calendar()).isEqualTo("test-24x7");
        assertThat(late.deadline()).isEqualTo(deadline);
        assertThat(late.respondedAt()).isEqualTo(respondedAt);
        // around the clock, business time and wall-clock time past the deadline are the same
        assertThat(late.lateness()).isEqualTo(Duration.between(deadline, respondedAt));
        assertThat(late.latenessElapsed()).isEqualTo(Duration.between(deadline, respondedAt));

        assertThat(flow.events.settle(id.toString(), "Breached", Duration.ofSeconds(1))).hasSize(1);
        assertThat(flow.all(id, "ResponseDeadlineMet")).isEmpty();
        assertThat(flow.types(id)).containsExactlyInAnyOrder("ClockStarted", "DeadlineApproaching", "Breached",
                "ResponseLate");
        AsyncApiContract.load().assertConforms(flow.events.forKey(id.toString()));
        asLead().when().get("/sla/" + id).then().statusCode(200)
                .body("current.state", equalTo("LATE"))
                .body("current.respondedAt", equalTo(respondedAt.toString()))
                .body("current.overdue", equalTo(late.lateness().toString()))
                .body("events.find { it.key == 'c1/responded' }.type", equalTo("ResponseLate"));
    }

    @Test
    void latenessOnABusinessCalendarCountsOpenHoursOnly() {
        // Swiss calendar (CH), Mon-Fri 09:00-17:00 Zurich (UTC+1 in March). Submitted Friday 16:59:58 with 3 s
        // (CRITICAL): 2 s on Friday, 1 s on Monday, so due Monday 09:00:01. Answered Tuesday 09:00:01: 7:59:59 of
        // Monday and 1 s of Tuesday late in business time, 24 h by the wall clock.
        UUID id = UUID.randomUUID();
        Instant submittedAt = Instant.parse("2026-03-06T15:59:58Z");
        Instant deadline = Instant.parse("2026-03-09T08:00:01Z");
        Instant respondedAt = Instant.parse("2026-03-10T08:00:01Z");
        clock.moveTo(respondedAt.plus(Duration.ofHours(1))); // the service reads all this an hour after the answer
        SlaFlow.submitAccepted(id, Impact.CRITICAL, submittedAt, "CH");
        SlaFlow.respond(id, respondedAt);

        ResponseLate late = flow.await(id, "ResponseLate", 1).as(ResponseLate.class);
        assertThat(late.calendar()).isEqualTo("swiss");
        assertThat(late.deadline()).isEqualTo(deadline);
        assertThat(late.respondedAt()).isEqualTo(respondedAt);
        assertThat(late.lateness()).isEqualTo(Duration.ofHours(8));
        assertThat(late.latenessElapsed()).isEqualTo(Duration.ofHours(24));

        Breached breach = flow.await(id, "Breached", 1).as(Breached.class);
        assertThat(breach.deadline()).isEqualTo(deadline);
        // all in the past, so emitted at once on three topics: their order is that of their event times
        assertThat(breach.deadline()).isBefore(late.respondedAt());
        assertThat(flow.events.settle(id.toString(), "Breached", Duration.ofSeconds(1))).hasSize(1);
        assertThat(flow.all(id, "ResponseDeadlineMet")).isEmpty();
    }
}
