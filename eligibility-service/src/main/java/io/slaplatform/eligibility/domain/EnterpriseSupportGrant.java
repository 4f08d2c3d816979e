package io.slaplatform.eligibility.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * One confirmation of a license's Enterprise support add-on, kept after it ended: the license's add-on history.
 * At most one grant of a license is open ({@link #endedAt} null); confirming another window ends it as
 * {@link End#REPLACED}, cancelling ends it as {@link End#CANCELLED}.
 */
@Entity
@Table(name = "enterprise_support_grant")
public class EnterpriseSupportGrant {

    /** How a grant ended. */
    public enum End { CANCELLED, REPLACED }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "license_id", nullable = false)
    public UUID licenseId;

    /** First instant of the window (inclusive). */
    @Column(name = "valid_from", nullable = false)
    public Instant validFrom;

    /** End of the window (exclusive). */
    @Column(name = "valid_until", nullable = false)
    public Instant validUntil;

    @Column(name = "confirmed_at", nullable = false)
    public Instant confirmedAt;

    /** When it was cancelled or replaced; null while it stands. */
    @Column(name = "ended_at")
    public Instant endedAt;

    @Enumerated(EnumType.STRING)
    @Column(name = "ended_by")
    public End endedBy;

    /** This grant as the eligibility policy sees it. */
    public SupportGrant terms() {
        return new SupportGrant(validFrom, validUntil, confirmedAt, endedBy == End.CANCELLED ? endedAt : null);
    }
}
