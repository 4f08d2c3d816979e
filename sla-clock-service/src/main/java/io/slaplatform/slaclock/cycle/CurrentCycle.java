package io.slaplatform.slaclock.cycle;

import io.slaplatform.events.ClockStarted;
import io.slaplatform.events.DeadlineChanged;
import io.slaplatform.events.Impact;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The latest cycle of a plan: its number, its impact and deadline after any reclassification, and whether it
 * still runs (no response yet). The plan is in due order, so the last deadline change wins.
 */
public record CurrentCycle(int cycle, Impact impact, Instant deadline, boolean running) {

    /** The latest cycle of {@code plan}, if the ticket has one. */
    public static Optional<CurrentCycle> of(List<PlannedEvent> plan) {
        CurrentCycle current = null;
        for (PlannedEvent planned : plan) {
            if (planned.event() instanceof ClockStarted started
                    && (current == null || started.cycle() > current.cycle())) {
                current = new CurrentCycle(started.cycle(), started.impact(), started.deadline(), true);
            }
        }
        if (current == null) {
            return Optional.empty();
        }
        String prefix = "c" + current.cycle() + "/";
        CurrentCycle result = current;
        for (PlannedEvent planned : plan) {
            if (!planned.key().startsWith(prefix)) {
                continue;
            }
            if (planned.event() instanceof DeadlineChanged changed) {
                result = new CurrentCycle(result.cycle(), changed.newImpact(), changed.newDeadline(), result.running());
            } else if (planned.key().equals(prefix + "responded")) {
                result = new CurrentCycle(result.cycle(), result.impact(), result.deadline(), false);
            }
        }
        return Optional.of(result);
    }
}
