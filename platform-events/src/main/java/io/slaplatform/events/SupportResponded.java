package io.slaplatform.events;

import java.time.Instant;
import java.util.UUID;

/**
 * Support answered a request (action plan, status update or resolution); stops a running SLA cycle.
 */
public record SupportResponded(
        UUID requestId,
        UUID responseId,
        ResponseKind kind,
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
