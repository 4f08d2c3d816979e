package io.slaplatform.events;

import java.time.Instant;
import java.util.UUID;

/**
 * The license e-mail held an active license with active Enterprise support at submission time.
 * {@code customerCountry} is the license holder's country when the license records one, else the request's;
 * it picks the SLA calendar.
 */
public record RequestAccepted(
        UUID requestId,
        UUID licenseId,
        String customerCountry,
        Instant submittedAt,
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
