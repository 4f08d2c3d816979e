package io.slaplatform.events;

import java.time.Instant;
import java.util.UUID;

/**
 * Support resolved a request; the ticket is closed. Follows the SupportResponded of kind RESOLUTION.
 */
public record RequestResolved(
        UUID requestId,
        Instant resolvedAt) implements DomainEvent {

    @Override
    public String key() {
        return requestId.toString();
    }

    @Override
    public Instant occurredAt() {
        return resolvedAt;
    }
}
