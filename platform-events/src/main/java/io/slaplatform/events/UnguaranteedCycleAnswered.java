package io.slaplatform.events;

import java.time.Instant;
import java.util.UUID;

/** Support answered a response cycle that had no guaranteed response time ({@link UnguaranteedCycleStarted}). */
public record UnguaranteedCycleAnswered(
        UUID requestId,
        int cycle,
        Instant respondedAt) implements DomainEvent {

    @Override
    public String key() {
        return requestId.toString();
    }

    @Override
    public Instant occurredAt() {
        return respondedAt;
    }
}
