package io.slaplatform.eligibility.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * The Enterprise support add-on of one license as the eligibility policy sees it. Immutable and thread-safe.
 *
 * <p>The add-on is in force at an instant {@code t} when it was confirmed, {@code t} lies in the half-open
 * window [{@code validFrom}, {@code validUntil}), and it had not been cancelled at {@code t}
 * ({@code t < cancelledAt}). A cancellation therefore never reaches back before its own instant.
 *
 * @param status      NONE, CONFIRMED or CANCELLED
 * @param validFrom   first instant of the window (inclusive); null only when NONE
 * @param validUntil  end of the window (exclusive); null only when NONE
 * @param cancelledAt when the add-on was cancelled; set exactly when CANCELLED
 */
public record EnterpriseAddOn(EnterpriseSupportStatus status, Instant validFrom, Instant validUntil,
                              Instant cancelledAt) {

    private static final EnterpriseAddOn NONE = new EnterpriseAddOn(EnterpriseSupportStatus.NONE, null, null, null);

    public EnterpriseAddOn {
        Objects.requireNonNull(status, "status");
        if (status == EnterpriseSupportStatus.NONE) {
            if (validFrom != null || validUntil != null || cancelledAt != null) {
                throw new IllegalArgumentException("An add-on that was never confirmed has no window");
            }
        } else {
            Objects.requireNonNull(validFrom, "validFrom");
            Objects.requireNonNull(validUntil, "validUntil");
            if (!validUntil.isAfter(validFrom)) {
                throw new IllegalArgumentException("validUntil " + validUntil + " is not after validFrom " + validFrom);
            }
            if ((status == EnterpriseSupportStatus.CANCELLED) != (cancelledAt != null)) {
                throw new IllegalArgumentException("cancelledAt is set exactly for a cancelled add-on");
            }
        }
    }

    /** No add-on was ever confirmed. */
    public static EnterpriseAddOn none() {
        return NONE;
    }

    /** A confirmed add-on for [{@code validFromInclusive}, {@code validUntilExclusive}). */
    public static EnterpriseAddOn confirmed(Instant validFromInclusive, Instant validUntilExclusive) {
        return new EnterpriseAddOn(EnterpriseSupportStatus.CONFIRMED, validFromInclusive, validUntilExclusive, null);
    }

    /** An add-on for [{@code validFromInclusive}, {@code validUntilExclusive}), cancelled at {@code cancelledAt}. */
    public static EnterpriseAddOn cancelled(Instant validFromInclusive, Instant validUntilExclusive,
                                            Instant cancelledAt) {
        return new EnterpriseAddOn(EnterpriseSupportStatus.CANCELLED, validFromInclusive, validUntilExclusive,
                Objects.requireNonNull(cancelledAt, "cancelledAt"));
    }

    /** True when the add-on had been confirmed and not yet cancelled at {@code t}, whatever its window. */
    public boolean heldAt(Instant t) {
        return status != EnterpriseSupportStatus.NONE && (cancelledAt == null || t.isBefore(cancelledAt));
    }

    /** True when the add-on was in force at {@code t}: held, and {@code t} inside its window. */
    public boolean inForceAt(Instant t) {
        return heldAt(t) && !t.isBefore(validFrom) && t.isBefore(validUntil);
    }
}
