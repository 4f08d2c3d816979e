package io.slaplatform.slaclock.cycle;

import io.slaplatform.events.Impact;
import io.slaplatform.events.ReclassificationPolicy;
import io.slaplatform.slaclock.calendar.StandardCalendars;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CurrentCycleTest {

    private static final Instant T10 = Instant.parse("2026-11-27T10:00:00Z");
    private static final SlaRules RULES = SlaRules.of(StandardCalendars.alwaysOpenUtc(),
            Map.of(Impact.LIMITED, Duration.ofHours(12), Impact.MODERATE, Duration.ofHours(8), Impact.MAJOR,
                    Duration.ofHours(4), Impact.CRITICAL, Duration.ofHours(2)),
            List.of(0.75), ReclassificationPolicy.RETROACTIVE);

    @Test
    void latestCycleWithItsLatestDeadlineAndWhetherItRuns() {
        List<PlannedEvent> plan = CyclePlanner.plan(UUID.randomUUID(), T10, Impact.MAJOR, List.of(
                new SlaFact.Response(UUID.randomUUID(), T10.plusSeconds(600), false),
                new SlaFact.Reply(UUID.randomUUID(), T10.plusSeconds(3600)),
                new SlaFact.Reclassification(UUID.randomUUID(), T10.plusSeconds(4000), Impact.CRITICAL)), RULES);

        assertThat(CurrentCycle.of(plan)).contains(
                CurrentCycle.running(2, Impact.CRITICAL, T10.plusSeconds(3600 + 7200)));
        assertThat(CurrentCycle.of(plan).orElseThrow().running()).isTrue();
    }

    @Test
    void answeredCycleDoesNotRunAndKnowsWhetherItWasMet() {
        List<PlannedEvent> plan = CyclePlanner.plan(UUID.randomUUID(), T10, Impact.MAJOR, List.of(
                new SlaFact.Response(UUID.randomUUID(), T10.plusSeconds(600), false)), RULES);
        assertThat(CurrentCycle.of(plan)).contains(new CurrentCycle(1, Impact.MAJOR, T10.plusSeconds(4 * 3600),
                CurrentCycle.Outcome.MET, T10.plusSeconds(600)));
        assertThat(CurrentCycle.of(plan).orElseThrow().running()).isFalse();
        assertThat(CurrentCycle.of(List.of())).isEmpty();
    }

    @Test
    void responseAfterTheDeadlineInForceIsLate() {
        // MAJOR (4 h) lowered to LIMITED (12 h, retroactive) at 3 h: the response at 6 h meets the new deadline
        List<PlannedEvent> lowered = CyclePlanner.plan(UUID.randomUUID(), T10, Impact.MAJOR, List.of(
                new SlaFact.Reclassification(UUID.randomUUID(), T10.plusSeconds(3 * 3600), Impact.LIMITED),
                new SlaFact.Response(UUID.randomUUID(), T10.plusSeconds(6 * 3600), false)), RULES);
        assertThat(CurrentCycle.of(lowered)).contains(new CurrentCycle(1, Impact.LIMITED,
                T10.plusSeconds(12 * 3600), CurrentCycle.Outcome.MET, T10.plusSeconds(6 * 3600)));

        List<PlannedEvent> late = CyclePlanner.plan(UUID.randomUUID(), T10, Impact.MAJOR, List.of(
                new SlaFact.Response(UUID.randomUUID(), T10.plusSeconds(5 * 3600), false)), RULES);
        assertThat(CurrentCycle.of(late)).contains(new CurrentCycle(1, Impact.MAJOR, T10.plusSeconds(4 * 3600),
                CurrentCycle.Outcome.LATE, T10.plusSeconds(5 * 3600)));
    }

    @Test
    void aBreachedCycleKeepsTheDeadlineItMissedWhenTheImpactIsLowered() {
        // MAJOR breached at 4 h, lowered to LIMITED at 5 h (deadline 12 h): still breached, at 4 h
        List<PlannedEvent> running = CyclePlanner.plan(UUID.randomUUID(), T10, Impact.MAJOR, List.of(
                new SlaFact.Reclassification(UUID.randomUUID(), T10.plusSeconds(5 * 3600), Impact.LIMITED)), RULES);
        assertThat(CurrentCycle.of(running)).contains(CurrentCycle.running(1, Impact.LIMITED,
                T10.plusSeconds(4 * 3600)));

        // and the response at 6 h, before the lowered deadline, is late by 2 h
        List<PlannedEvent> answered = CyclePlanner.plan(UUID.randomUUID(), T10, Impact.MAJOR, List.of(
                new SlaFact.Reclassification(UUID.randomUUID(), T10.plusSeconds(5 * 3600), Impact.LIMITED),
                new SlaFact.Response(UUID.randomUUID(), T10.plusSeconds(6 * 3600), false)), RULES);
        assertThat(CurrentCycle.of(answered)).contains(new CurrentCycle(1, Impact.LIMITED,
                T10.plusSeconds(4 * 3600), CurrentCycle.Outcome.LATE, T10.plusSeconds(6 * 3600)));
    }
}
