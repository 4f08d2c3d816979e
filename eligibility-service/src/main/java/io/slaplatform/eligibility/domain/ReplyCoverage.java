package io.slaplatform.eligibility.domain;

import io.slaplatform.events.RejectionReason;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * Whether Enterprise support covered one customer reply of an accepted request at the reply's instant, kept so
 * that a reply is decided once even when it arrives again under another {@code ce_id}.
 */
@Entity
@Table(name = "reply_coverage")
public class ReplyCoverage {

    @Id
    @Column(name = "reply_id")
    public UUID replyId;

    @Column(name = "request_id", nullable = false)
    public UUID requestId;

    @Column(nullable = false)
    public boolean covered;

    /** Why the reply is not covered; null when covered. */
    @Enumerated(EnumType.STRING)
    public RejectionReason reason;

    /** The sentence sent with {@code ReplyNotCovered}; null when covered. */
    public String detail;

    /** The license the decision rests on, when there is one. */
    @Column(name = "license_id")
    public UUID licenseId;

    /** The instant the coverage was evaluated at. */
    @Column(name = "replied_at", nullable = false)
    public Instant repliedAt;

    @Column(name = "decided_at", nullable = false)
    public Instant decidedAt;
}
