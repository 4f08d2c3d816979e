package io.slaplatform.eligibility.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.slaplatform.eligibility.domain.EnterpriseSupportGrant;
import io.slaplatform.eligibility.domain.EnterpriseSupportStatus;
import io.slaplatform.eligibility.domain.License;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A license as the admin API shows it. Absent values are left out. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LicenseView(
        UUID id,
        String email,
        String product,
        String country,
        Instant activatedAt,
        Instant expiresAt,
        EnterpriseSupportView enterpriseSupport,
        List<GrantView> enterpriseSupportHistory) {

    /** The add-on: its status, and for one ever confirmed its window and when it was confirmed or cancelled. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record EnterpriseSupportView(EnterpriseSupportStatus status, Instant validFrom, Instant validUntil,
                                        Instant confirmedAt, Instant cancelledAt) {
    }

    /**
     * One confirmation of the add-on, oldest first: its window, when it was confirmed, and when and how it ended
     * ({@code CANCELLED}, or {@code REPLACED} by the next confirmation); absent while it stands.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record GrantView(Instant validFrom, Instant validUntil, Instant confirmedAt, Instant endedAt,
                            EnterpriseSupportGrant.End endedBy) {
    }

    /** @param grants the license's add-on history, oldest first */
    public static LicenseView of(License l, List<EnterpriseSupportGrant> grants) {
        return new LicenseView(l.id, l.email, l.product, l.country, l.activatedAt, l.expiresAt,
                new EnterpriseSupportView(l.supportStatus, l.supportValidFrom, l.supportValidUntil,
                        l.supportConfirmedAt, l.supportCancelledAt),
                grants.stream().map(g -> new GrantView(g.validFrom, g.validUntil, g.confirmedAt, g.endedAt,
                        g.endedBy)).toList());
    }
}
