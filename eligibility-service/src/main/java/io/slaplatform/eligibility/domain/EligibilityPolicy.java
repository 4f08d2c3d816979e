package io.slaplatform.eligibility.domain;

import io.slaplatform.events.RejectionReason;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Decides whether a support request is eligible for a guaranteed response time, from the licenses registered
 * for its license e-mail, as they stood at the request's submission instant. Plain Java: no framework, no
 * clock, no I/O; immutable and thread-safe.
 *
 * <p>A request submitted at {@code t} is accepted when one license for the supported product is active at
 * {@code t} ({@code activatedAt <= t < expiresAt}) and its Enterprise support add-on, as it stood at {@code t}
 * ({@link LicenseTerms#addOnAt}: confirmed at or before {@code t}), is in force at {@code t} (see
 * {@link EnterpriseAddOn#inForceAt}). A confirmation or cancellation made after {@code t} does not change the
 * decision, however late it is made. Otherwise the first rule that applies gives the reason:
 * <ol>
 *   <li>no license at all: {@link RejectionReason#UNKNOWN_LICENSE_EMAIL};</li>
 *   <li>licenses, none for the product: {@link RejectionReason#UNSUPPORTED_PRODUCT};</li>
 *   <li>none active at {@code t}: {@link RejectionReason#LICENSE_NOT_YET_ACTIVE} when one starts later,
 *       else {@link RejectionReason#LICENSE_EXPIRED};</li>
 *   <li>among the active licenses, the most telling state of their add-ons, in this order:
 *       {@link RejectionReason#ENTERPRISE_SUPPORT_NOT_YET_ACTIVE} (confirmed, window starts after {@code t}),
 *       {@link RejectionReason#ENTERPRISE_SUPPORT_EXPIRED} (confirmed, window over),
 *       {@link RejectionReason#NO_ENTERPRISE_SUPPORT} (never confirmed, or cancelled at or before {@code t}).</li>
 * </ol>
 * Ties are broken by license id, so the same licenses always give the same decision.
 */
public final class EligibilityPolicy {

    /** Among accepting licenses, the one whose support lasts longest; it is the one a support lead would cite. */
    private static Comparator<LicenseTerms> bestGrant(Instant t) {
        return Comparator.comparing((LicenseTerms l) -> l.addOnAt(t).validUntil())
                .thenComparing(LicenseTerms::id, Comparator.reverseOrder());
    }

    private final String supportedProduct;

    private EligibilityPolicy(String supportedProduct) {
        this.supportedProduct = supportedProduct;
    }

    /**
     * The policy for one supported product.
     *
     * @param supportedProduct the product name, compared ignoring case and surrounding blanks
     */
    public static EligibilityPolicy forProduct(String supportedProduct) {
        Objects.requireNonNull(supportedProduct, "supportedProduct");
        if (supportedProduct.isBlank()) {
            throw new IllegalArgumentException("supportedProduct is blank");
        }
        return new EligibilityPolicy(supportedProduct.strip());
    }

    /** The product requests must hold a license for. */
    public String supportedProduct() {
        return supportedProduct;
    }

    /**
     * Decides a request.
     *
     * @param licensesOfEmail every license registered for the request's license e-mail (normalised), any product
     * @param submittedAt     when the request was submitted: the instant the rules are evaluated at
     */
    public Decision decide(Collection<LicenseTerms> licensesOfEmail, Instant submittedAt) {
        return decide(licensesOfEmail, submittedAt, "the request was submitted");
    }

    /**
     * Decides whether Enterprise support covered a customer's reply on an accepted request, by the same rules as a
     * request, evaluated at the reply's instant.
     *
     * @param licensesOfEmail every license registered for the request's license e-mail (normalised), any product
     * @param repliedAt       when the customer replied
     */
    public Decision decideReply(Collection<LicenseTerms> licensesOfEmail, Instant repliedAt) {
        return decide(licensesOfEmail, repliedAt, "the customer replied");
    }

    /** @param when how the reason sentences name the instant the rules are evaluated at */
    private Decision decide(Collection<LicenseTerms> licensesOfEmail, Instant submittedAt, String when) {
        Objects.requireNonNull(licensesOfEmail, "licensesOfEmail");
        Objects.requireNonNull(submittedAt, "submittedAt");
        if (licensesOfEmail.isEmpty()) {
            return new Decision.Rejected(RejectionReason.UNKNOWN_LICENSE_EMAIL,
                    "No license is registered for the license e-mail.", null);
        }
        List<LicenseTerms> forProduct = licensesOfEmail.stream().filter(l -> l.isFor(supportedProduct)).toList();
        if (forProduct.isEmpty()) {
            String others = licensesOfEmail.stream().map(l -> l.product().strip()).distinct().sorted()
                    .collect(Collectors.joining(", "));
            return new Decision.Rejected(RejectionReason.UNSUPPORTED_PRODUCT,
                    "The license e-mail holds licenses for " + others + " but none for " + supportedProduct
                            + ", the product Enterprise support covers.", null);
        }
        List<LicenseTerms> active = forProduct.stream().filter(l -> l.activeAt(submittedAt)).toList();
        if (active.isEmpty()) {
            return inactiveLicense(forProduct, submittedAt, when);
        }
        Optional<LicenseTerms> granting = active.stream().filter(l -> l.addOnAt(submittedAt).inForceAt(submittedAt))
                .max(bestGrant(submittedAt));
        if (granting.isPresent()) {
            return new Decision.Accepted(granting.get());
        }
        return missingSupport(active, submittedAt, when);
    }

    private Decision inactiveLicense(List<LicenseTerms> forProduct, Instant t, String when) {
        Optional<LicenseTerms> upcoming = forProduct.stream().filter(l -> l.activatedAt().isAfter(t))
                .min(Comparator.comparing(LicenseTerms::activatedAt).thenComparing(LicenseTerms::id));
        if (upcoming.isPresent()) {
            return new Decision.Rejected(RejectionReason.LICENSE_NOT_YET_ACTIVE,
                    "The " + supportedProduct + " license becomes active at " + upcoming.get().activatedAt()
                            + ", after " + when + " at " + t + ".", upcoming.get());
        }
        // Not active and not upcoming: every one of them expired at or before t.
        LicenseTerms latest = forProduct.stream()
                .max(Comparator.comparing(LicenseTerms::expiresAt).thenComparing(LicenseTerms::id,
                        Comparator.reverseOrder()))
                .orElseThrow();
        return new Decision.Rejected(RejectionReason.LICENSE_EXPIRED,
                "The " + supportedProduct + " license expired at " + latest.expiresAt()
                        + ", before " + when + " at " + t + ".", latest);
    }

    private Decision missingSupport(List<LicenseTerms> active, Instant t, String when) {
        Optional<LicenseTerms> startsLater = active.stream()
                .filter(l -> l.addOnAt(t).heldAt(t) && l.addOnAt(t).validFrom().isAfter(t))
                .min(Comparator.comparing((LicenseTerms l) -> l.addOnAt(t).validFrom())
                        .thenComparing(LicenseTerms::id));
        if (startsLater.isPresent()) {
            return new Decision.Rejected(RejectionReason.ENTERPRISE_SUPPORT_NOT_YET_ACTIVE,
                    "The Enterprise support add-on of the " + supportedProduct + " license starts at "
                            + startsLater.get().addOnAt(t).validFrom() + ", after " + when + " at " + t
                            + ".", startsLater.get());
        }
        // Held but neither in force nor upcoming: its window ended at or before t.
        Optional<LicenseTerms> ended = active.stream().filter(l -> l.addOnAt(t).heldAt(t))
                .max(Comparator.comparing((LicenseTerms l) -> l.addOnAt(t).validUntil())
                        .thenComparing(LicenseTerms::id, Comparator.reverseOrder()));
        if (ended.isPresent()) {
            return new Decision.Rejected(RejectionReason.ENTERPRISE_SUPPORT_EXPIRED,
                    "The Enterprise support add-on of the " + supportedProduct + " license ended at "
                            + ended.get().addOnAt(t).validUntil() + ", before " + when + " at " + t + ".",
                    ended.get());
        }
        Optional<LicenseTerms> cancelled = active.stream().filter(l -> l.addOnAt(t).cancelledAt() != null)
                .max(Comparator.comparing((LicenseTerms l) -> l.addOnAt(t).cancelledAt())
                        .thenComparing(LicenseTerms::id, Comparator.reverseOrder()));
        if (cancelled.isPresent()) {
            return new Decision.Rejected(RejectionReason.NO_ENTERPRISE_SUPPORT,
                    "The Enterprise support add-on of the " + supportedProduct + " license was cancelled at "
                            + cancelled.get().addOnAt(t).cancelledAt() + ", before " + when + " at " + t
                            + ".", cancelled.get());
        }
        LicenseTerms first = active.stream().min(Comparator.comparing(LicenseTerms::id)).orElseThrow();
        return new Decision.Rejected(RejectionReason.NO_ENTERPRISE_SUPPORT,
                "The " + supportedProduct + " license has no confirmed Enterprise support add-on.", first);
    }
}
