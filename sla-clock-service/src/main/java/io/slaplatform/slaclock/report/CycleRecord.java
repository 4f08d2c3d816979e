package io.slaplatform.slaclock.report;

import io.slaplatform.events.Impact;
import io.slaplatform.slaclock.cycle.CycleSummary.Outcome;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * One response cycle as the reports see it: a row of {@code sla_cycle}.
 *
 * @param deadline    the deadline in force (after reclassification; the missed one for a breached cycle)
 * @param outcome     MET or LATE once support answered, {@code null} while the cycle runs
 * @param respondedAt support's response, {@code null} while the cycle runs
 */
public record CycleRecord(UUID requestId, int cycle, String calendar, Impact impact, Instant startedAt,
                          Instant deadline, Outcome outcome, Instant respondedAt) {
    public CycleRecord {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(calendar, "calendar");
        Objects.requireNonNull(impact, "impact");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(deadline, "deadline");
        if ((outcome == null) != (respondedAt == null)) {
            throw new IllegalArgumentException("outcome and respondedAt go together");
        }
    }
}
