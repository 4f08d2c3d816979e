package io.slaplatform.eligibility.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * A registered license and the current state of its Enterprise support add-on, as the admin API shows it. Every
 * confirmation, with its cancellation or replacement, is kept as an {@link EnterpriseSupportGrant}: decisions read
 * those, so that re-confirming a cancelled add-on does not reach back before its own instant.
 */
@Entity
@Table(name = "license")
public class License {

    @Id
    public UUID id;

    /** The license e-mail as it was registered, for display and for mail. */
    @Column(nullable = false)
    public String email;

    /** {@link #normalize(String) Normalised} e-mail: what requests are matched on. */
    @Column(name = "email_normalized", nullable = false)
    public String emailNormalized;

    @Column(nullable = false)
    public String product;

    /** The license holder's country (ISO 3166-1 alpha-2), or null when not recorded. */
    public String country;

    /** First instant the license is active (inclusive). */
    @Column(name = "activated_at", nullable = false)
    public Instant activatedAt;

    /** First instant the license is no longer active (exclusive). */
    @Column(name = "expires_at", nullable = false)
    public Instant expiresAt;

    @Enumerated(EnumType.STRING)
    @Column(name = "support_status", nullable = false)
    public EnterpriseSupportStatus supportStatus = EnterpriseSupportStatus.NONE;

    /** First instant of the add-on window (inclusive). */
    @Column(name = "support_valid_from")
    public Instant supportValidFrom;

    /** End of the add-on window (exclusive). */
    @Column(name = "support_valid_until")
    public Instant supportValidUntil;

    /** When the add-on was last confirmed. */
    @Column(name = "support_confirmed_at")
    public Instant supportConfirmedAt;

    @Column(name = "support_cancelled_at")
    public Instant supportCancelledAt;

    /** The form e-mails are matched in: lower case in the root locale, so "Ops@X.ch" finds "ops@x.ch". */
    public static String normalize(String email) {
        return email.toLowerCase(Locale.ROOT);
    }

    /** This license as the eligibility policy sees it, with its add-on history ({@code grants} of this license). */
    public LicenseTerms terms(List<EnterpriseSupportGrant> grants) {
        return new LicenseTerms(id, product, country, activatedAt, expiresAt,
                grants.stream().map(EnterpriseSupportGrant::terms).toList());
    }
}
