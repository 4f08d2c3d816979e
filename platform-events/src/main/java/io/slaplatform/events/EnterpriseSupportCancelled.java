package io.slaplatform.events;

import java.time.Instant;
import java.util.UUID;

/**
 * The Enterprise support add-on of a license was cancelled; requests submitted from then on are rejected.
 */
public record EnterpriseSupportCancelled(
        UUID licenseId,
        String licenseEmail,
        Instant cancelledAt) implements DomainEvent {

    @Override
    public String key() {
        return licenseId.toString();
    }

    @Override
    public Instant occurredAt() {
        return cancelledAt;
    }
}
