package io.slaplatform.events;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * Support responded after the cycle's deadline; {@code lateness} is the business time past the deadline and
 * {@code latenessElapsed} the wall-clock time.
 */
public record ResponseLate(
        UUID requestId,
        int cycle,
        Impact impact,
        String calendar,
        Instant deadline,
        Instant respondedAt,
        Duration lateness,
        Duration latenessElapsed) implements DomainEvent {

    @Override
    public String key() {
        return requestId.toString();
    }

    @Override
    public Instant occurredAt() {
        return respondedAt;
    }
}
