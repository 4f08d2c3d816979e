package io.slaplatform.slaclock.cycle;

import io.slaplatform.events.Breached;
import io.slaplatform.events.ClockStarted;
import io.slaplatform.events.DeadlineApproaching;
import io.slaplatform.events.DeadlineChanged;
import io.slaplatform.events.Impact;
import io.slaplatform.events.ReclassificationPolicy;
import io.slaplatform.events.RejectionReason;
import io.slaplatform.events.ResponseDeadlineMet;
import io.slaplatform.events.ResponseLate;
import io.slaplatform.events.UnguaranteedCycleStarted;
import io.slaplatform.slaclock.calendar.StandardCalendars;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The clock rules of DESIGN.md, case by case. Most cases run on the 24x7 UTC calendar with the terms' targets
 * (CRITICAL 2 h, MAJOR 4 h, LIMITED 12 h) so the arithmetic is plain; one runs on the Swiss calendar.
 */
class CyclePlannerTest {

    private static final UUID REQUEST = UUID.fromString("00000000-0000-0000-0000-00000000000a");
    private static final Instant T10 = Instant.parse("2026-11-27T10:00:00Z");
    private static final Map<Impact, Duration> TERMS = TestRules.TERMS;
    private static final SlaRules RETROACTIVE = TestRules.ALWAYS_OPEN;
    private static final SlaRules FROM_CHANGE = SlaRules.of(StandardCalendars.alwaysOpenUtc(), TERMS, List.of(0.75),
            ReclassificationPolicy.FROM_RECLASSIFICATION);

    private static Instant at(String hhmm) {
        return Instant.parse("2026-11-27T" + hhmm + ":00Z");
    }

    private static SlaFact.Response response(String hhmm) {
        return new SlaFact.Response(UUID.randomUUID(), at(hhmm), false);
    }

    private static SlaFact.Response resolution(String hhmm) {
        return new SlaFact.Response(UUID.randomUUID(), at(hhmm), true);
    }

    private static SlaFact.Reply reply(String hhmm) {
        return new SlaFact.Reply(UUID.randomUUID(), at(hhmm));
    }

    private static SlaFact.Reclassification reclassify(String hhmm, Impact impact) {
        return new SlaFact.Reclassification(UUID.randomUUID(), at(hhmm), impact);
    }

    private static List<PlannedEvent> plan(Impact impact, SlaRules rules, SlaFact... facts) {
        return CyclePlanner.plan(REQUEST, T10, impact, List.of(facts), rules);
    }

    /** "type@HH:MM" per event, in due order, "(skipped)" after one not to emit: the shape of a plan at a glance. */
    private static List<String> timeline(List<PlannedEvent> plan) {
        return plan.stream().map(e -> e.event().type().ceType() + "@"
                + e.dueAt().toString().substring(11, 16) + (e.emits() ? "" : " (skipped)")).toList();
    }

    @Test
    void warningThenBreachWhenNobodyAnswers() {
        List<PlannedEvent> plan = plan(Impact.CRITICAL, RETROACTIVE);

        assertThat(timeline(plan)).containsExactly("ClockStarted@10:00", "DeadlineApproaching@11:30", "Breached@12:00");
        assertThat(plan).extracting(PlannedEvent::key).containsExactly("c1/started", "c1/v0/warn/0.75", "c1/breached");
        ClockStarted started = (ClockStarted) plan.get(0).event();
        assertThat(started.deadline()).isEqualTo(at("12:00"));
        assertThat(started.target()).isEqualTo(Duration.ofHours(2));
        assertThat(started.calendar()).isEqualTo("24x7-utc");
        assertThat(((DeadlineApproaching) plan.get(1).event()).remaining()).isEqualTo(Duration.ofMinutes(30));
        assertThat(((Breached) plan.get(2).event()).deadline()).isEqualTo(at("12:00"));
    }

    @Test
    void responseBeforeTheDeadlineMeetsItAndCancelsWarningAndBreach() {
        List<PlannedEvent> plan = plan(Impact.CRITICAL, RETROACTIVE, response("11:00"));

        assertThat(timeline(plan)).containsExactly("ClockStarted@10:00", "ResponseDeadlineMet@11:00");
        ResponseDeadlineMet met = (ResponseDeadlineMet) plan.get(1).event();
        assertThat(met.remaining()).isEqualTo(Duration.ofHours(1));
        assertThat(met.deadline()).isEqualTo(at("12:00"));
    }

    @Test
    void responseExactlyAtTheDeadlineMeetsIt() {
        assertThat(timeline(plan(Impact.CRITICAL, RETROACTIVE, response("12:00"))))
                .containsExactly("ClockStarted@10:00", "DeadlineApproaching@11:30", "ResponseDeadlineMet@12:00");
    }

    @Test
    void lateResponseFollowsTheBreachWithItsLateness() {
        List<PlannedEvent> plan = plan(Impact.CRITICAL, RETROACTIVE, response("12:30"));

        assertThat(timeline(plan)).containsExactly("ClockStarted@10:00", "DeadlineApproaching@11:30",
                "Breached@12:00", "ResponseLate@12:30");
        ResponseLate late = (ResponseLate) plan.get(3).event();
        assertThat(late.lateness()).isEqualTo(Duration.ofMinutes(30));
        assertThat(late.latenessElapsed()).isEqualTo(Duration.ofMinutes(30));
    }

    @Test
    void customerReplyAfterAResponseOpensANewCycleWithItsOwnDeadline() {
        List<PlannedEvent> plan = plan(Impact.CRITICAL, RETROACTIVE, response("10:30"), reply("13:00"));

        assertThat(timeline(plan)).containsExactly("ClockStarted@10:00", "ResponseDeadlineMet@10:30",
                "ClockStarted@13:00", "DeadlineApproaching@14:30", "Breached@15:00");
        assertThat(plan).extracting(PlannedEvent::key).contains("c2/started", "c2/v0/warn/0.75", "c2/breached");
        assertThat(((ClockStarted) plan.get(2).event()).cycle()).isEqualTo(2);
    }

    @Test
    void customerReplyWhileACycleRunsStartsNothing() {
        assertThat(timeline(plan(Impact.CRITICAL, RETROACTIVE, reply("10:30"))))
                .containsExactly("ClockStarted@10:00", "DeadlineApproaching@11:30", "Breached@12:00");
    }

    private static SlaFact.Reply notCovered(String hhmm) {
        return new SlaFact.Reply(UUID.randomUUID(), at(hhmm), SlaFact.Coverage.NOT_COVERED, at(hhmm),
                RejectionReason.ENTERPRISE_SUPPORT_EXPIRED);
    }

    private static SlaFact.Reply pending(String hhmm) {
        return new SlaFact.Reply(UUID.randomUUID(), at(hhmm), SlaFact.Coverage.PENDING, null, null);
    }

    @Test
    void aReplyOutsideCoverageOpensACycleWithoutDeadlineWarningOrBreach() {
        List<PlannedEvent> plan = plan(Impact.CRITICAL, RETROACTIVE, response("10:30"), notCovered("13:00"),
                reclassify("13:30", Impact.MAJOR), response("20:00"), reply("21:00"));

        // cycle 2 runs seven hours without a deadline; cycle 3, covered again, has one, on the latest impact
        assertThat(timeline(plan)).containsExactly("ClockStarted@10:00", "ResponseDeadlineMet@10:30",
                "UnguaranteedCycleStarted@13:00", "UnguaranteedCycleAnswered@20:00", "ClockStarted@21:00",
                "DeadlineApproaching@00:00", "Breached@01:00");
        UnguaranteedCycleStarted started = (UnguaranteedCycleStarted) plan.get(2).event();
        assertThat(started.cycle()).isEqualTo(2);
        assertThat(started.impact()).isEqualTo(Impact.CRITICAL);
        assertThat(started.reason()).isEqualTo(RejectionReason.ENTERPRISE_SUPPORT_EXPIRED);
        assertThat(((ClockStarted) plan.get(4).event()).impact()).isEqualTo(Impact.MAJOR);
        assertThat(plan).extracting(PlannedEvent::key).contains("c2/started", "c2/responded", "c3/started");

        List<CycleSummary> cycles = CycleSummary.all(plan);
        assertThat(cycles).extracting(CycleSummary::guaranteed).containsExactly(true, false, true);
        assertThat(cycles.get(1).deadline()).isNull();
        assertThat(cycles.get(1).outcome()).isEqualTo(CycleSummary.Outcome.ANSWERED);
        assertThat(cycles.get(1).respondedAt()).isEqualTo(at("20:00"));
    }

    @Test
    void aReplyOutsideCoverageWhileACycleRunsChangesNothing() {
        assertThat(timeline(plan(Impact.CRITICAL, RETROACTIVE, notCovered("10:30"))))
                .containsExactly("ClockStarted@10:00", "DeadlineApproaching@11:30", "Breached@12:00");
    }

    @Test
    void aReplyWhoseCoverageIsNotDecidedHoldsItsCycleAndEveryLaterFact() {
        List<PlannedEvent> plan = plan(Impact.CRITICAL, RETROACTIVE, response("10:30"), pending("13:00"),
                response("13:10"), reply("14:00"));

        assertThat(timeline(plan)).containsExactly("ClockStarted@10:00", "ResponseDeadlineMet@10:30");
        // once decided, the same facts replay in order
        List<PlannedEvent> decided = plan(Impact.CRITICAL, RETROACTIVE, response("10:30"), reply("13:00"),
                response("13:10"), reply("14:00"));
        assertThat(timeline(decided)).containsExactly("ClockStarted@10:00", "ResponseDeadlineMet@10:30",
                "ClockStarted@13:00", "ResponseDeadlineMet@13:10", "ClockStarted@14:00", "DeadlineApproaching@15:30",
                "Breached@16:00");
    }

    @Test
    void aReplyWhoseCoverageIsNotDecidedWhileACycleRunsHoldsNothing() {
        assertThat(timeline(plan(Impact.CRITICAL, RETROACTIVE, pending("10:30"), response("11:00"))))
                .containsExactly("ClockStarted@10:00", "ResponseDeadlineMet@11:00");
    }

    @Test
    void aCycleWhoseReplyCoverageWasDecidedAfterTheWarningInstantSkipsTheWarning() {
        // replied at 13:00, coverage decided at 14:45 (eligibility was down): 14:30's warning is not sent late
        SlaFact.Reply decidedLate = new SlaFact.Reply(UUID.randomUUID(), at("13:00"), SlaFact.Coverage.COVERED,
                at("14:45"), null);
        List<PlannedEvent> plan = CyclePlanner.plan(REQUEST, T10, Impact.CRITICAL,
                List.of(response("10:30"), decidedLate), RETROACTIVE, at("10:00"));

        assertThat(timeline(plan)).containsExactly("ClockStarted@10:00", "ResponseDeadlineMet@10:30",
                "ClockStarted@13:00", "DeadlineApproaching@14:30 (skipped)", "Breached@15:00");
        assertThat(plan.get(3).skipped()).isEqualTo(CyclePlanner.LEARNED_LATE);
    }

    @Test
    void resolutionClosesTheTicketSoLaterRepliesStartNoCycle() {
        assertThat(timeline(plan(Impact.CRITICAL, RETROACTIVE, resolution("10:30"), reply("11:00"))))
                .containsExactly("ClockStarted@10:00", "ResponseDeadlineMet@10:30");
    }

    @Test
    void raisingTheImpactRetroactivelyMovesTheDeadlineAndReArmsTheWarning() {
        // MAJOR from 10:00 (deadline 14:00); CRITICAL at 11:00 counts from 10:00: deadline 12:00, warning 11:30
        List<PlannedEvent> plan = plan(Impact.MAJOR, RETROACTIVE, reclassify("11:00", Impact.CRITICAL));

        assertThat(timeline(plan)).containsExactly("ClockStarted@10:00", "DeadlineChanged@11:00",
                "DeadlineApproaching@11:30", "Breached@12:00");
        DeadlineChanged changed = (DeadlineChanged) plan.get(1).event();
        assertThat(changed.previousDeadline()).isEqualTo(at("14:00"));
        assertThat(changed.newDeadline()).isEqualTo(at("12:00"));
        assertThat(changed.previousImpact()).isEqualTo(Impact.MAJOR);
        assertThat(changed.newImpact()).isEqualTo(Impact.CRITICAL);
        assertThat(changed.policy()).isEqualTo(ReclassificationPolicy.RETROACTIVE);
        assertThat(plan.get(2).key()).isEqualTo("c1/v1/warn/0.75");
        assertThat(((Breached) plan.get(3).event()).impact()).isEqualTo(Impact.CRITICAL);
    }

    @Test
    void retroactiveDeadlineAlreadyPassedBreachesAtOnce() {
        // MAJOR from 10:00; at 12:30 CRITICAL would have been due at 12:00: breach at the reclassification
        List<PlannedEvent> plan = plan(Impact.MAJOR, RETROACTIVE, reclassify("12:30", Impact.CRITICAL));

        assertThat(timeline(plan)).containsExactly("ClockStarted@10:00", "DeadlineChanged@12:30", "Breached@12:30");
        assertThat(((Breached) plan.get(2).event()).deadline()).isEqualTo(at("12:00"));
    }

    @Test
    void fromReclassificationTheNewTargetRunsFromTheChange() {
        // MAJOR from 10:00; CRITICAL at 11:00 runs 2 h from 11:00: deadline 13:00, warning 12:30
        List<PlannedEvent> plan = plan(Impact.MAJOR, FROM_CHANGE, reclassify("11:00", Impact.CRITICAL));

        assertThat(timeline(plan)).containsExactly("ClockStarted@10:00", "DeadlineChanged@11:00",
                "DeadlineApproaching@12:30", "Breached@13:00");
        assertThat(((DeadlineChanged) plan.get(1).event()).policy())
                .isEqualTo(ReclassificationPolicy.FROM_RECLASSIFICATION);
    }

    @Test
    void loweringTheImpactAfterABreachDoesNotRetractItNorMoveTheDeadline() {
        // CRITICAL breached at 12:00; LIMITED at 12:30 (deadline 22:00 retroactively): the breach stands, and the
        // change is kept for the audit trail only: no DeadlineChanged announcing a deadline nothing enforces
        List<PlannedEvent> plan = plan(Impact.CRITICAL, RETROACTIVE, reclassify("12:30", Impact.LIMITED));

        assertThat(timeline(plan)).containsExactly("ClockStarted@10:00", "DeadlineApproaching@11:30",
                "Breached@12:00", "DeadlineChanged@12:30 (skipped)");
        assertThat(plan.get(3).skipped()).isEqualTo(CyclePlanner.AFTER_BREACH);
        DeadlineChanged recorded = (DeadlineChanged) plan.get(3).event();
        assertThat(recorded.previousDeadline()).isEqualTo(at("12:00"));
        assertThat(recorded.newImpact()).isEqualTo(Impact.LIMITED);
    }

    @Test
    void raisingTheImpactAfterABreachArmsNothingAndTheNextCycleUsesIt() {
        // MAJOR breached at 14:00; CRITICAL at 14:30: no new warning or breach for cycle 1; answered at 15:00
        // (late against 14:00, as MAJOR); the reply at 16:00 starts cycle 2 as CRITICAL (due 18:00)
        List<PlannedEvent> plan = plan(Impact.MAJOR, RETROACTIVE, reclassify("14:30", Impact.CRITICAL),
                response("15:00"), reply("16:00"));

        assertThat(timeline(plan)).containsExactly("ClockStarted@10:00", "DeadlineApproaching@13:00",
                "Breached@14:00", "DeadlineChanged@14:30 (skipped)", "ResponseLate@15:00", "ClockStarted@16:00",
                "DeadlineApproaching@17:30", "Breached@18:00");
        ResponseLate late = (ResponseLate) plan.get(4).event();
        assertThat(late.impact()).isEqualTo(Impact.MAJOR);
        assertThat(late.deadline()).isEqualTo(at("14:00"));
        assertThat(((ClockStarted) plan.get(5).event()).impact()).isEqualTo(Impact.CRITICAL);
    }

    @Test
    void aReclassificationExactlyAtTheDeadlineStillMovesIt() {
        // the window is half-open: at 12:00 the CRITICAL cycle has not breached yet; LIMITED moves it to 22:00
        assertThat(timeline(plan(Impact.CRITICAL, RETROACTIVE, reclassify("12:00", Impact.LIMITED))))
                .containsExactly("ClockStarted@10:00", "DeadlineApproaching@11:30", "DeadlineChanged@12:00",
                        "DeadlineApproaching@19:00", "Breached@22:00");
    }

    @Test
    void aCycleLearnedOfAfterItsWarningInstantSkipsTheWarning() {
        // accepted at 11:45: the 11:30 warning ("30 min left") would be late and wrong; the breach still comes
        List<PlannedEvent> plan = CyclePlanner.plan(REQUEST, T10, Impact.CRITICAL, List.of(), RETROACTIVE,
                at("11:45"));

        assertThat(timeline(plan)).containsExactly("ClockStarted@10:00", "DeadlineApproaching@11:30 (skipped)",
                "Breached@12:00");
        assertThat(plan.get(1).skipped()).isEqualTo(CyclePlanner.LEARNED_LATE);
    }

    @Test
    void aCycleLearnedOfAfterItsDeadlineBreachesWithoutAWarning() {
        assertThat(timeline(CyclePlanner.plan(REQUEST, T10, Impact.CRITICAL, List.of(), RETROACTIVE, at("12:10"))))
                .containsExactly("ClockStarted@10:00", "DeadlineApproaching@11:30 (skipped)", "Breached@12:00");
    }

    @Test
    void aCycleLearnedOfInTimeWarnsAsUsualAndSoDoLaterVersionsAndCycles() {
        // accepted at 10:05: every warning lies after it, including those of a reclassification and a second cycle
        List<PlannedEvent> plan = CyclePlanner.plan(REQUEST, T10, Impact.MAJOR,
                List.of(reclassify("10:30", Impact.CRITICAL), response("11:45"), reply("13:00")), RETROACTIVE,
                at("10:05"));

        assertThat(plan).allMatch(PlannedEvent::emits);
        assertThat(timeline(plan)).contains("DeadlineApproaching@11:30", "DeadlineApproaching@14:30");
    }

    @Test
    void aResponseToABreachedCycleIsLateAgainstTheMissedDeadlineWhateverTheImpactBecame() {
        // CRITICAL breached at 12:00; LIMITED at 12:30 (deadline 22:00); answered at 13:00: late by one hour
        List<PlannedEvent> plan = plan(Impact.CRITICAL, RETROACTIVE, reclassify("12:30", Impact.LIMITED),
                response("13:00"));

        assertThat(timeline(plan)).containsExactly("ClockStarted@10:00", "DeadlineApproaching@11:30",
                "Breached@12:00", "DeadlineChanged@12:30 (skipped)", "ResponseLate@13:00");
        ResponseLate late = (ResponseLate) plan.get(4).event();
        assertThat(late.deadline()).isEqualTo(at("12:00"));
        assertThat(late.impact()).isEqualTo(Impact.CRITICAL);
        assertThat(late.lateness()).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void loweringTheImpactBeforeTheDeadlineMovesItLater() {
        // CRITICAL at 10:00 warned at 11:30; LIMITED at 11:45 counts from 10:00: deadline 22:00, warning 19:00
        List<PlannedEvent> plan = plan(Impact.CRITICAL, RETROACTIVE, reclassify("11:45", Impact.LIMITED));

        assertThat(timeline(plan)).containsExactly("ClockStarted@10:00", "DeadlineApproaching@11:30",
                "DeadlineChanged@11:45", "DeadlineApproaching@19:00", "Breached@22:00");
    }

    @Test
    void laterCyclesUseTheLatestImpact() {
        List<PlannedEvent> plan = plan(Impact.CRITICAL, RETROACTIVE, response("10:30"),
                reclassify("11:00", Impact.MAJOR), reply("12:00"));

        ClockStarted second = (ClockStarted) plan.stream().filter(e -> e.key().equals("c2/started")).findFirst()
                .orElseThrow().event();
        assertThat(second.impact()).isEqualTo(Impact.MAJOR);
        assertThat(second.deadline()).isEqualTo(at("16:00"));
        assertThat(plan).noneMatch(e -> e.event() instanceof DeadlineChanged); // no cycle ran at 11:00
    }

    @Test
    void factsArrivingInAnyOrderGiveTheSamePlan() {
        List<SlaFact> facts = new ArrayList<>(List.of(reclassify("10:20", Impact.CRITICAL), response("10:40"),
                reply("11:00"), reclassify("11:10", Impact.LIMITED), response("15:00"), reply("16:00"),
                resolution("16:30")));
        List<PlannedEvent> expected = CyclePlanner.plan(REQUEST, T10, Impact.MAJOR, facts, RETROACTIVE);
        Random random = new Random(42);
        for (int i = 0; i < 20; i++) {
            Collections.shuffle(facts, random);
            assertThat(CyclePlanner.plan(REQUEST, T10, Impact.MAJOR, facts, RETROACTIVE)).isEqualTo(expected);
        }
        assertThat(expected).extracting(PlannedEvent::key).doesNotHaveDuplicates();
    }

    @Test
    void factsDatedBeforeTheSubmissionCountAtTheSubmission() {
        SlaFact.Response early = new SlaFact.Response(UUID.randomUUID(), T10.minusSeconds(5), false);
        assertThat(timeline(CyclePlanner.plan(REQUEST, T10, Impact.CRITICAL, List.of(early), RETROACTIVE)))
                .containsExactly("ClockStarted@10:00", "ResponseDeadlineMet@10:00");
    }

    @Test
    void businessHoursApplyFridayAfternoonCriticalIsDueMondayMorning() {
        SlaRules swiss = SlaRules.of(StandardCalendars.swiss(), TERMS, List.of(0.75),
                ReclassificationPolicy.RETROACTIVE);
        // Friday 16:00 in Zurich (15:00 UTC)
        List<PlannedEvent> plan = CyclePlanner.plan(REQUEST, Instant.parse("2026-11-27T15:00:00Z"), Impact.CRITICAL,
                List.of(), swiss);

        assertThat(plan).extracting(PlannedEvent::dueAt).containsExactly(Instant.parse("2026-11-27T15:00:00Z"),
                Instant.parse("2026-11-30T08:30:00Z"), Instant.parse("2026-11-30T09:00:00Z"));
        assertThat(((DeadlineApproaching) plan.get(1).event()).remaining()).isEqualTo(Duration.ofMinutes(30));
    }
}
