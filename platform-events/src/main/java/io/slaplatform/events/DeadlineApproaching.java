package io.slaplatform.events;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * A configured share of a cycle's target has elapsed in business time; {@code remaining} is the business time
 * left until {@code deadline}.
 */
public record DeadlineApproaching(
        UUID requestId,
        int cycle,
        Impact impact,
        String calendar,
        double threshold,
        Duration remaining,
        Instant deadline,
        Instant reachedAt) implements DomainEvent {

    @Override
    public String key() {
        return requestId.toString();
    }

    @Override
    public Instant occurredAt() {
        return reachedAt;
    }
}
