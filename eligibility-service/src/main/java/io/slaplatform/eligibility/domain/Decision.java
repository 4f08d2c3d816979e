package io.slaplatform.eligibility.domain;

import io.slaplatform.events.RejectionReason;
import java.util.Objects;
import java.util.Optional;

/** What {@link EligibilityPolicy} decided about one request. */
public sealed interface Decision permits Decision.Accepted, Decision.Rejected {

    /** The license the decision rests on; empty when the e-mail holds none for the supported product. */
    Optional<LicenseTerms> license();

    /**
     * The request is eligible for a guaranteed response time.
     *
     * @param grantingLicense the active license whose add-on was in force at submission
     */
    record Accepted(LicenseTerms grantingLicense) implements Decision {
        public Accepted {
            Objects.requireNonNull(grantingLicense, "grantingLicense");
        }

        @Override
        public Optional<LicenseTerms> license() {
            return Optional.of(grantingLicense);
        }
    }

    /**
     * The request is handled without a guaranteed response time.
     *
     * @param reason          why, for machines
     * @param detail          why, as one sentence for humans
     * @param relevantLicense the license the reason is about, or null (unknown e-mail, other products only)
     */
    record Rejected(RejectionReason reason, String detail, LicenseTerms relevantLicense) implements Decision {
        public Rejected {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(detail, "detail");
        }

        @Override
        public Optional<LicenseTerms> license() {
            return Optional.ofNullable(relevantLicense);
        }
    }
}
