package io.slaplatform.slaclock.cycle;

import io.slaplatform.events.Breached;
import io.slaplatform.events.ClockStarted;
import io.slaplatform.events.DeadlineChanged;
import io.slaplatform.events.Impact;
import io.slaplatform.events.ResponseDeadlineMet;
import io.slaplatform.events.ResponseLate;
import io.slaplatform.events.UnguaranteedCycleAnswered;
import io.slaplatform.events.UnguaranteedCycleStarted;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One response cycle of a plan as it stands: its number and start, its impact and deadline after any
 * reclassification, and how it ended if support has answered it. The plan is in due order, so the last deadline
 * change wins, except that a breached cycle keeps the deadline it missed: a breach is never retracted.
 *
 * @param startedAt   when the cycle started (the submission, or the customer's reply)
 * @param deadline    {@code null} for a cycle without a guaranteed response time (a reply Enterprise support did not
 *                    cover)
 * @param outcome     {@code null} while the cycle runs (no response yet), else whether the response met the
 *                    deadline in force when it came ({@link Outcome#ANSWERED} for a cycle without one)
 * @param respondedAt when support answered; {@code null} while the cycle runs
 */
public record CycleSummary(int cycle, Instant startedAt, Impact impact, Instant deadline, Outcome outcome,
                           Instant respondedAt) {

    /** How an answered cycle ended. */
    public enum Outcome {
        /** Answered at or before the deadline ({@code ResponseDeadlineMet}). */
        MET,
        /** Answered after the deadline ({@code ResponseLate}). */
        LATE,
        /** Answered, without a guaranteed response time ({@code UnguaranteedCycleAnswered}). */
        ANSWERED
    }

    /** A cycle still waiting for a response. */
    public static CycleSummary running(int cycle, Instant startedAt, Impact impact, Instant deadline) {
        return new CycleSummary(cycle, startedAt, impact, deadline, null, null);
    }

    /** Whether the cycle still runs: support has not answered it. */
    public boolean running() {
        return outcome == null;
    }

    /** Whether the cycle has a guaranteed response time: a deadline. */
    public boolean guaranteed() {
        return deadline != null;
    }

    /** Every cycle of {@code plan}, first to last; empty if the ticket has none. */
    public static List<CycleSummary> all(List<PlannedEvent> plan) {
        List<CycleSummary> cycles = new ArrayList<>();
        for (PlannedEvent planned : plan) {
            if (planned.event() instanceof ClockStarted started) {
                cycles.add(summary(plan, started));
            } else if (planned.event() instanceof UnguaranteedCycleStarted started) {
                cycles.add(unguaranteed(plan, started));
            }
        }
        cycles.sort((a, b) -> Integer.compare(a.cycle(), b.cycle()));
        return List.copyOf(cycles);
    }

    /** The latest cycle of {@code plan}, if the ticket has one. */
    public static Optional<CycleSummary> latest(List<PlannedEvent> plan) {
        List<CycleSummary> cycles = all(plan);
        return cycles.isEmpty() ? Optional.empty() : Optional.of(cycles.get(cycles.size() - 1));
    }

    private static CycleSummary summary(List<PlannedEvent> plan, ClockStarted started) {
        String prefix = "c" + started.cycle() + "/";
        CycleSummary result = running(started.cycle(), started.startedAt(), started.impact(), started.deadline());
        boolean breached = false;
        for (PlannedEvent planned : plan) {
            if (!planned.key().startsWith(prefix) || !planned.emits()) {
                continue; // another cycle's, or skipped (a reclassification after the breach moves nothing)
            }
            if (planned.event() instanceof Breached breach) {
                // the plan is in due order: a change after the breach moves the impact, not the missed deadline
                breached = true;
                result = result.with(result.impact(), breach.deadline());
            } else if (planned.event() instanceof DeadlineChanged changed) {
                result = result.with(changed.newImpact(), breached ? result.deadline() : changed.newDeadline());
            } else if (planned.event() instanceof ResponseLate late) {
                result = result.answered(Outcome.LATE, late.respondedAt());
            } else if (planned.event() instanceof ResponseDeadlineMet met) {
                result = result.answered(Outcome.MET, met.respondedAt());
            }
        }
        return result;
    }

    private static CycleSummary unguaranteed(List<PlannedEvent> plan, UnguaranteedCycleStarted started) {
        CycleSummary result = running(started.cycle(), started.startedAt(), started.impact(), null);
        for (PlannedEvent planned : plan) {
            if (planned.event() instanceof UnguaranteedCycleAnswered answered
                    && answered.cycle() == started.cycle()) {
                result = result.answered(Outcome.ANSWERED, answered.respondedAt());
            }
        }
        return result;
    }

    private CycleSummary with(Impact newImpact, Instant newDeadline) {
        return new CycleSummary(cycle, startedAt, newImpact, newDeadline, outcome, respondedAt);
    }

    private CycleSummary answered(Outcome how, Instant at) {
        return new CycleSummary(cycle, startedAt, impact, deadline, how, at);
    }
}
