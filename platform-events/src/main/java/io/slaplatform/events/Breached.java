package io.slaplatform.events;

import java.time.Instant;
import java.util.UUID;

/**
 * A cycle's deadline passed without a support response. Never retracted.
 */
public record Breached(
        UUID requestId,
        int cycle,
        Impact impact,
        String calendar,
        Instant deadline) implements DomainEvent {

    @Override
    public String key() {
        return requestId.toString();
    }

    @Override
    public Instant occurredAt() {
        return deadline;
    }
}
