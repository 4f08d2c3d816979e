package io.slaplatform.events;

import java.time.Instant;
import java.util.UUID;

/**
 * A customer's reply on an accepted request falls within its Enterprise support coverage: the license and the
 * add-on were in force at {@code repliedAt}, so a response cycle it starts has a guaranteed response time.
 * Decided by eligibility-service for every reply of an accepted request, at the reply's instant however late it
 * decides ({@code decidedAt}).
 */
public record ReplyCovered(
        UUID requestId,
        UUID replyId,
        UUID licenseId,
        Instant repliedAt,
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
