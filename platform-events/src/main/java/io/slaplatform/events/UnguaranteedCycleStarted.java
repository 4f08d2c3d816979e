package io.slaplatform.events;

import java.time.Instant;
import java.util.UUID;

/**
 * A response cycle started on a customer's reply that Enterprise support did not cover at the reply's instant
 * ({@link ReplyNotCovered}): support answers it without a guaranteed response time. It has no deadline, no
 * warning and no breach; {@link UnguaranteedCycleAnswered} ends it. {@code reason} is eligibility's
 * {@link RejectionReason}.
 */
public record UnguaranteedCycleStarted(
        UUID requestId,
        int cycle,
        Impact impact,
        String calendar,
        RejectionReason reason,
        Instant startedAt) implements DomainEvent {

    @Override
    public String key() {
        return requestId.toString();
    }

    @Override
    public Instant occurredAt() {
        return startedAt;
    }
}
