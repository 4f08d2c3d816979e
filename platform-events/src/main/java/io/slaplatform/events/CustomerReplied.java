package io.slaplatform.events;

import java.time.Instant;
import java.util.UUID;

/**
 * The customer replied on a request; starts a new SLA cycle when none runs, guaranteed or not as eligibility
 * decides for the reply ({@link ReplyCovered}, {@link ReplyNotCovered}).
 */
public record CustomerReplied(
        UUID requestId,
        UUID replyId,
        Instant repliedAt) implements DomainEvent {

    @Override
    public String key() {
        return requestId.toString();
    }

    @Override
    public Instant occurredAt() {
        return repliedAt;
    }
}
