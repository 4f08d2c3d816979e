package io.slaplatform.events;

import java.time.Instant;
import java.util.UUID;

/**
 * An Enterprise support add-on was confirmed for a license; the license address is told how to reach support.
 */
public record EnterpriseSupportActivated(
        UUID licenseId,
        String licenseEmail,
        String product,
        String country,
        Instant validFrom,
        Instant validUntil,
        Instant confirmedAt) implements DomainEvent {

    @Override
    public String key() {
        return licenseId.toString();
    }

    @Override
    public Instant occurredAt() {
        return confirmedAt;
    }
}
