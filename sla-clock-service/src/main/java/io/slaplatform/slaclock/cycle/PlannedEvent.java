package io.slaplatform.slaclock.cycle;

import io.slaplatform.events.DomainEvent;
import java.time.Instant;
import java.util.Objects;

/**
 * One SLA event a ticket calls for.
 *
 * @param key   stable across re-planning: {@code c1/started}, {@code c1/v0/warn/0.75}, {@code c1/breached},
 *              {@code c2/responded}, {@code c1/changed/<fact id>}; an event is emitted at most once per key
 * @param dueAt   when it is due: the fact's instant for facts, the computed instant for warnings and breaches
 * @param skipped why the event is not to be emitted although the rules produce it, for the ticket's audit trail
 *                (a warning of a cycle the clock learned of after the warning's instant, a reclassification of a
 *                cycle that had already breached); {@code null} for an event to emit
 */
public record PlannedEvent(String key, Instant dueAt, DomainEvent event, String skipped) {
    public PlannedEvent {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(dueAt, "dueAt");
        Objects.requireNonNull(event, "event");
    }

    /** An event to emit when due. */
    public PlannedEvent(String key, Instant dueAt, DomainEvent event) {
        this(key, dueAt, event, null);
    }

    /** Whether the event is to be emitted (not {@link #skipped}). */
    public boolean emits() {
        return skipped == null;
    }
}
