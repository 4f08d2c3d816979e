package io.slaplatform.eligibility.domain;

import java.time.Instant;
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
 * @param addOn       its Enterprise support add-on
 */
public record LicenseTerms(UUID id, String product, String country, Instant activatedAt, Instant expiresAt,
                           EnterpriseAddOn addOn) {

    public LicenseTerms {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(product, "product");
        Objects.requireNonNull(activatedAt, "activatedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(addOn, "addOn");
        if (!expiresAt.isAfter(activatedAt)) {
            throw new IllegalArgumentException("expiresAt " + expiresAt + " is not after activatedAt " + activatedAt);
        }
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
