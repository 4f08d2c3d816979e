package io.slaplatform.events;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * Support responded at or before the cycle's deadline; {@code remaining} is the business time that was left.
 */
public record ResponseDeadlineMet(
        UUID requestId,
        int cycle,
        Impact impact,
        String calendar,
        Instant deadline,
        Instant respondedAt,
        Duration remaining) implements DomainEvent {

    @Override
    public String key() {
        return requestId.toString();
    }

    @Override
    public Instant occurredAt() {
        return respondedAt;
    }
}
