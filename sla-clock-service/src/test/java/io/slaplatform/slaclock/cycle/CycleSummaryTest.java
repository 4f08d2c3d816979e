package io.slaplatform.slaclock.cycle;

import io.slaplatform.events.Impact;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CycleSummaryTest {

    private static final Instant T10 = Instant.parse("2026-11-27T10:00:00Z");
    private static final SlaRules RULES = TestRules.ALWAYS_OPEN;

    @Test
    void latestCycleWithItsLatestDeadlineAndWhetherItRuns() {
        List<PlannedEvent> plan = CyclePlanner.plan(UUID.randomUUID(), T10, Impact.MAJOR, List.of(
                new SlaFact.Response(UUID.randomUUID(), T10.plusSeconds(600), false),
                new SlaFact.Reply(UUID.randomUUID(), T10.plusSeconds(3600)),
                new SlaFact.Reclassification(UUID.randomUUID(), T10.plusSeconds(4000), Impact.CRITICAL)), RULES);

        assertThat(CycleSummary.latest(plan)).contains(
                CycleSummary.running(2, T10.plusSeconds(3600), Impact.CRITICAL, T10.plusSeconds(3600 + 7200)));
        assertThat(CycleSummary.latest(plan).orElseThrow().running()).isTrue();
    }

    @Test
    void answeredCycleDoesNotRunAndKnowsWhetherItWasMet() {
        List<PlannedEvent> plan = CyclePlanner.plan(UUID.randomUUID(), T10, Impact.MAJOR, List.of(
                new SlaFact.Response(UUID.randomUUID(), T10.plusSeconds(600), false)), RULES);
        assertThat(CycleSummary.latest(plan)).contains(new CycleSummary(1, T10, Impact.MAJOR, T10.plusSeconds(4 * 3600),
                CycleSummary.Outcome.MET, T10.plusSeconds(600)));
        assertThat(CycleSummary.latest(plan).orElseThrow().running()).isFalse();
        assertThat(CycleSummary.latest(List.of())).isEmpty();
    }

    @Test
    void responseAfterTheDeadlineInForceIsLate() {
        // MAJOR (4 h) lowered to LIMITED (12 h, retroactive) at 3 h: the response at 6 h meets the new deadline
        List<PlannedEvent> lowered = CyclePlanner.plan(UUID.randomUUID(), T10, Impact.MAJOR, List.of(
                new SlaFact.Reclassification(UUID.randomUUID(), T10.plusSeconds(3 * 3600), Impact.LIMITED),
                new SlaFact.Response(UUID.randomUUID(), T10.plusSeconds(6 * 3600), false)), RULES);
        assertThat(CycleSummary.latest(lowered)).contains(new CycleSummary(1, T10, Impact.LIMITED,
                T10.plusSeconds(12 * 3600), CycleSummary.Outcome.MET, T10.plusSeconds(6 * 3600)));

        List<PlannedEvent> late = CyclePlanner.plan(UUID.randomUUID(), T10, Impact.MAJOR, List.of(
                new SlaFact.Response(UUID.randomUUID(), T10.plusSeconds(5 * 3600), false)), RULES);
        assertThat(CycleSummary.latest(late)).contains(new CycleSummary(1, T10, Impact.MAJOR, T10.plusSeconds(4 * 3600),
                CycleSummary.Outcome.LATE, T10.plusSeconds(5 * 3600)));
    }

    @Test
    void aBreachedCycleKeepsTheDeadlineAndImpactItMissedWhenTheImpactIsLowered() {
        // MAJOR breached at 4 h, lowered to LIMITED at 5 h (deadline 12 h): still breached, at 4 h, as MAJOR
        List<PlannedEvent> running = CyclePlanner.plan(UUID.randomUUID(), T10, Impact.MAJOR, List.of(
                new SlaFact.Reclassification(UUID.randomUUID(), T10.plusSeconds(5 * 3600), Impact.LIMITED)), RULES);
        assertThat(CycleSummary.latest(running)).contains(CycleSummary.running(1, T10, Impact.MAJOR,
                T10.plusSeconds(4 * 3600)));

        // and the response at 6 h, before the lowered deadline, is late by 2 h
        List<PlannedEvent> answered = CyclePlanner.plan(UUID.randomUUID(), T10, Impact.MAJOR, List.of(
                new SlaFact.Reclassification(UUID.randomUUID(), T10.plusSeconds(5 * 3600), Impact.LIMITED),
                new SlaFact.Response(UUID.randomUUID(), T10.plusSeconds(6 * 3600), false)), RULES);
        assertThat(CycleSummary.latest(answered)).contains(new CycleSummary(1, T10, Impact.MAJOR,
                T10.plusSeconds(4 * 3600), CycleSummary.Outcome.LATE, T10.plusSeconds(6 * 3600)));
    }

    @Test
    void everyCycleWithItsStartAndOutcome() {
        // cycle 1 answered late at 5 h; the reply at 6 h starts cycle 2, reclassified CRITICAL at 6.5 h, still running
        List<PlannedEvent> plan = CyclePlanner.plan(UUID.randomUUID(), T10, Impact.MAJOR, List.of(
                new SlaFact.Response(UUID.randomUUID(), T10.plusSeconds(5 * 3600), false),
                new SlaFact.Reply(UUID.randomUUID(), T10.plusSeconds(6 * 3600)),
                new SlaFact.Reclassification(UUID.randomUUID(), T10.plusSeconds(6 * 3600 + 1800), Impact.CRITICAL)),
                RULES);
        assertThat(CycleSummary.all(plan)).containsExactly(
                new CycleSummary(1, T10, Impact.MAJOR, T10.plusSeconds(4 * 3600), CycleSummary.Outcome.LATE,
                        T10.plusSeconds(5 * 3600)),
                CycleSummary.running(2, T10.plusSeconds(6 * 3600), Impact.CRITICAL, T10.plusSeconds(8 * 3600)));
        assertThat(CycleSummary.all(List.of())).isEmpty();
    }
}
