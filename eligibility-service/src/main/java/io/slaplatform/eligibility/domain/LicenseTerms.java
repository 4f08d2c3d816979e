package io.slaplatform.eligibility.domain;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * What the eligibility policy needs to know of one license: a framework-free snapshot of a {@link License} row.
 * Immutable and thread-safe.
 *
 * @param id          the license id
 * @param product     the licensed product, as registered
 * @param country     the license holder's country (ISO 3166-1 alpha-2), or null when not recorded
 * @param activatedAt first instant the license is active (inclusive)
 * @param expiresAt   first instant the license is no longer active (exclusive); after {@code activatedAt}
 * @param grants      every confirmation of its Enterprise support add-on, ended ones included, in any order
 */
public record LicenseTerms(UUID id, String product, String country, Instant activatedAt, Instant expiresAt,
                           List<SupportGrant> grants) {

    private static final Comparator<SupportGrant> CONFIRMED = Comparator.comparing(SupportGrant::confirmedAt);

    public LicenseTerms {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(product, "product");
        Objects.requireNonNull(activatedAt, "activatedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        grants = grants.stream().sorted(CONFIRMED).toList(); // stable: same instant, later confirmation last
        if (!expiresAt.isAfter(activatedAt)) {
            throw new IllegalArgumentException("expiresAt " + expiresAt + " is not after activatedAt " + activatedAt);
        }
    }

    /** A license whose add-on has always been {@code addOn}: as if confirmed before any request. */
    public LicenseTerms(UUID id, String product, String country, Instant activatedAt, Instant expiresAt,
                        EnterpriseAddOn addOn) {
        this(id, product, country, activatedAt, expiresAt, addOn.status() == EnterpriseSupportStatus.NONE ? List.of()
                : List.of(new SupportGrant(addOn.validFrom(), addOn.validUntil(), SupportGrant.ALWAYS,
                addOn.cancelledAt())));
    }

    /**
     * The add-on as it stood at {@code t}: the grant last confirmed at or before {@code t} (a later one, or a
     * cancellation after {@code t}, did not exist yet then), or none.
     */
    public EnterpriseAddOn addOnAt(Instant t) {
        EnterpriseAddOn standing = EnterpriseAddOn.none();
        for (SupportGrant grant : grants) {
            if (!grant.confirmedAt().isAfter(t)) {
                standing = grant.addOn();
            }
        }
        return standing;
    }

    /** True when {@code activatedAt <= t < expiresAt}. */
    public boolean activeAt(Instant t) {
        return !t.isBefore(activatedAt) && t.isBefore(expiresAt);
    }

    /** True when this license is for {@code product}, ignoring case and surrounding blanks. */
    public boolean isFor(String product) {
        return this.product.strip().equalsIgnoreCase(product.strip());
    }
}
