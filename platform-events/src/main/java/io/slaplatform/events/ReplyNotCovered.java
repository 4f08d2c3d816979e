package io.slaplatform.events;

import java.time.Instant;
import java.util.UUID;

/**
 * A customer's reply on an accepted request falls outside its Enterprise support coverage (the add-on ended or was
 * cancelled, the license expired, evaluated at {@code repliedAt}): a response cycle it starts has no guaranteed
 * response time. {@code reason} and {@code detail} as on {@link RequestRejected}.
 */
public record ReplyNotCovered(
        UUID requestId,
        UUID replyId,
        RejectionReason reason,
        String detail,
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
