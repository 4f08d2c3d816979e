package io.slaplatform.events;

import java.time.Instant;
import java.util.UUID;

/**
 * The request is not eligible for a guaranteed response time; it gets no SLA clock.
 */
public record RequestRejected(
        UUID requestId,
        RejectionReason reason,
        String detail,
        Instant submittedAt,
        Instant decidedAt) implements DomainEvent {

    @Override
    public String key() {
        return requestId.toString();
    }

    @Override
    public Instant occurredAt() {
        return decidedAt;
    }
}
