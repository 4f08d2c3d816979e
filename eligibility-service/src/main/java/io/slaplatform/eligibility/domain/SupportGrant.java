package io.slaplatform.eligibility.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * One confirmation of the add-on as the eligibility policy sees it. Immutable and thread-safe.
 *
 * @param validFrom   first instant of the window (inclusive)
 * @param validUntil  end of the window (exclusive), after {@code validFrom}
 * @param confirmedAt when it was confirmed: before that, the license did not have it
 * @param cancelledAt when it was cancelled, or null (it stands, or a later confirmation replaced it)
 */
public record SupportGrant(Instant validFrom, Instant validUntil, Instant confirmedAt, Instant cancelledAt) {

    /** Confirmed before any request: what a test or an add-on without history stands for. */
    static final Instant ALWAYS = Instant.parse("0001-01-01T00:00:00Z");

    public SupportGrant {
        Objects.requireNonNull(validFrom, "validFrom");
        Objects.requireNonNull(validUntil, "validUntil");
        Objects.requireNonNull(confirmedAt, "confirmedAt");
        if (!validUntil.isAfter(validFrom)) {
            throw new IllegalArgumentException("validUntil " + validUntil + " is not after validFrom " + validFrom);
        }
    }

    /** The add-on this grant gives, for the instants it stands at. */
    EnterpriseAddOn addOn() {
        return cancelledAt == null ? EnterpriseAddOn.confirmed(validFrom, validUntil)
                : EnterpriseAddOn.cancelled(validFrom, validUntil, cancelledAt);
    }
}
