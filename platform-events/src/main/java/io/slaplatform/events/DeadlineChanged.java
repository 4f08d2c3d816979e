package io.slaplatform.events;

import java.time.Instant;
import java.util.UUID;

/**
 * Support reclassified the impact while a cycle ran; the deadline moved under {@code policy}. Warnings are
 * re-armed for the new deadline; a breach already emitted stands.
 */
public record DeadlineChanged(
        UUID requestId,
        int cycle,
        Impact previousImpact,
        Impact newImpact,
        Instant previousDeadline,
        Instant newDeadline,
        ReclassificationPolicy policy,
        Instant changedAt) implements DomainEvent {

    @Override
    public String key() {
        return requestId.toString();
    }

    @Override
    public Instant occurredAt() {
        return changedAt;
    }
}
