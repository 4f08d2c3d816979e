package io.slaplatform.slaclock.cycle;

import io.slaplatform.events.Breached;
import io.slaplatform.events.ClockStarted;
import io.slaplatform.events.DeadlineChanged;
import io.slaplatform.events.Impact;
import io.slaplatform.events.ResponseDeadlineMet;
import io.slaplatform.events.ResponseLate;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The latest cycle of a plan: its number, its impact and deadline after any reclassification, and how it ended
 * if support has answered it. The plan is in due order, so the last deadline change wins, except that a breached
 * cycle keeps the deadline it missed: a breach is never retracted.
 *
 * @param outcome     {@code null} while the cycle runs (no response yet), else whether the response met the
 *                    deadline in force when it came
 * @param respondedAt when support answered; {@code null} while the cycle runs
 */
public record CurrentCycle(int cycle, Impact impact, Instant deadline, Outcome outcome, Instant respondedAt) {

    /** How an answered cycle ended. */
    public enum Outcome {
        /** Answered at or before the deadline ({@code ResponseDeadlineMet}). */
        MET,
        /** Answered after the deadline ({@code ResponseLate}). */
        LATE
    }

    /** A cycle still waiting for a response. */
    public static CurrentCycle running(int cycle, Impact impact, Instant deadline) {
        return new CurrentCycle(cycle, impact, deadline, null, null);
    }

    /** Whether the cycle still runs: support has not answered it. */
    public boolean running() {
        return outcome == null;
    }

    /** The latest cycle of {@code plan}, if the ticket has one. */
    public static Optional<CurrentCycle> of(List<PlannedEvent> plan) {
        CurrentCycle current = null;
        for (PlannedEvent planned : plan) {
            if (planned.event() instanceof ClockStarted started
                    && (current == null || started.cycle() > current.cycle())) {
                current = running(started.cycle(), started.impact(), started.deadline());
            }
        }
        if (current == null) {
            return Optional.empty();
        }
        String prefix = "c" + current.cycle() + "/";
        CurrentCycle result = current;
        boolean breached = false;
        for (PlannedEvent planned : plan) {
            if (!planned.key().startsWith(prefix)) {
                continue;
            }
            if (planned.event() instanceof Breached breach) {
                // the plan is in due order: a change after the breach moves the impact, not the missed deadline
                breached = true;
                result = new CurrentCycle(result.cycle(), result.impact(), breach.deadline(), result.outcome(),
                        result.respondedAt());
            } else if (planned.event() instanceof DeadlineChanged changed) {
                result = new CurrentCycle(result.cycle(), changed.newImpact(),
                        breached ? result.deadline() : changed.newDeadline(), result.outcome(), result.respondedAt());
            } else if (planned.event() instanceof ResponseLate late) {
                result = new CurrentCycle(result.cycle(), result.impact(), result.deadline(), Outcome.LATE,
                        late.respondedAt());
            } else if (planned.event() instanceof ResponseDeadlineMet met) {
                result = new CurrentCycle(result.cycle(), result.impact(), result.deadline(), Outcome.MET,
                        met.respondedAt());
            }
        }
        return Optional.of(result);
    }
}
