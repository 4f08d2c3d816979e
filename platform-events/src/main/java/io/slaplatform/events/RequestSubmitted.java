package io.slaplatform.events;

import java.time.Instant;
import java.util.UUID;

/**
 * A web form backend submitted a support request; intake-service recorded it.
 */
public record RequestSubmitted(
        UUID requestId,
        String licenseEmail,
        String contactEmail,
        Impact impact,
        String subject,
        String description,
        String country,
        String locale,
        Instant submittedAt) implements DomainEvent {

    @Override
    public String key() {
        return requestId.toString();
    }

    @Override
    public Instant occurredAt() {
        return submittedAt;
    }
}
