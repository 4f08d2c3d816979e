package io.slaplatform.events;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * A response cycle of an accepted request started: the SLA clock runs until support responds.
 * {@code cycle} counts from 1 per request; {@code deadline} is the response deadline of the cycle.
 */
public record ClockStarted(
        UUID requestId,
        int cycle,
        Impact impact,
        String calendar,
        Duration target,
        Instant startedAt,
        Instant deadline) implements DomainEvent {

    @Override
    public String key() {
        return requestId.toString();
    }

    @Override
    public Instant occurredAt() {
        return startedAt;
    }
}
