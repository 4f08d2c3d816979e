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
                new CurrentCycle(2, Impact.CRITICAL, T10.plusSeconds(3600 + 7200), true));
    }

    @Test
    void answeredCycleDoesNotRun() {
        List<PlannedEvent> plan = CyclePlanner.plan(UUID.randomUUID(), T10, Impact.MAJOR, List.of(
                new SlaFact.Response(UUID.randomUUID(), T10.plusSeconds(600), false)), RULES);
        assertThat(CurrentCycle.of(plan)).contains(new CurrentCycle(1, Impact.MAJOR, T10.plusSeconds(4 * 3600), false));
        assertThat(CurrentCycle.of(List.of())).isEmpty();
    }
}
