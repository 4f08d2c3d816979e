package io.slaplatform.slaclock.cycle;

import io.slaplatform.events.Impact;
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

    /** The customer replied. */
    record Reply(UUID id, Instant at) implements SlaFact {
        public Reply {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(at, "at");
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
