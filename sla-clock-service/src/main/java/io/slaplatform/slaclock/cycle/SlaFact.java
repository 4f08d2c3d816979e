package io.slaplatform.slaclock.cycle;

import io.slaplatform.events.Impact;
import io.slaplatform.events.RejectionReason;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/** Something that happened to a ticket after its submission and matters to its SLA cycles. */
public sealed interface SlaFact permits SlaFact.Response, SlaFact.Reply, SlaFact.Reclassification {

    /** The fact's own id (response, reply or event id): ties between facts at the same instant break on it. */
    UUID id();

    /** When it happened. */
    Instant at();

    /** Support responded; {@code resolution} also closes the ticket. */
    record Response(UUID id, Instant at, boolean resolution) implements SlaFact {
        public Response {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(at, "at");
        }
    }

    /** Whether Enterprise support covered a customer reply, as eligibility-service decided it. */
    enum Coverage {
        /** Covered at the reply's instant: a cycle it starts is guaranteed ({@code ReplyCovered}). */
        COVERED,
        /** Not covered at the reply's instant: a cycle it starts is not guaranteed ({@code ReplyNotCovered}). */
        NOT_COVERED,
        /** Not decided yet: a cycle it would start, and everything after it, waits for the decision. */
        PENDING
    }

    /**
     * The customer replied.
     *
     * @param coverage  whether Enterprise support covered the reply's instant
     * @param decidedAt when eligibility decided the coverage: the clock could not know of a cycle the reply starts
     *                  before it; {@code null} when not decided, or not known
     * @param reason    why the reply is not covered (a {@code RejectionReason} name); {@code null} otherwise
     */
    record Reply(UUID id, Instant at, Coverage coverage, Instant decidedAt, RejectionReason reason)
            implements SlaFact {
        public Reply {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(coverage, "coverage");
        }

        /** A covered reply whose decision time does not matter. */
        public Reply(UUID id, Instant at) {
            this(id, at, Coverage.COVERED, null, null);
        }
    }

    /** Support changed the impact. */
    record Reclassification(UUID id, Instant at, Impact newImpact) implements SlaFact {
        public Reclassification {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(newImpact, "newImpact");
        }
    }
}
