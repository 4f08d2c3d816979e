package io.slaplatform.events;

import java.time.Instant;
import java.util.UUID;

/**
 * Support changed the business impact of a request.
 */
public record ImpactReclassified(
        UUID requestId,
        Impact previousImpact,
        Impact newImpact,
        String reason,
        Instant reclassifiedAt) implements DomainEvent {

    @Override
    public String key() {
        return requestId.toString();
    }

    @Override
    public Instant occurredAt() {
        return reclassifiedAt;
    }
}
