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
 * The decision taken for one request, kept so that a request is decided once even when it arrives again under
 * another {@code ce_id}, and so that a decision can be explained later.
 */
@Entity
@Table(name = "eligibility_decision")
public class EligibilityDecision {

    @Id
    @Column(name = "request_id")
    public UUID requestId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public DecisionOutcome outcome;

    /** Why the request was rejected; null when accepted. */
    @Enumerated(EnumType.STRING)
    public RejectionReason reason;

    /** The sentence sent with a rejection; null when accepted. */
    public String detail;

    /** The license the decision rests on, when there is one. */
    @Column(name = "license_id")
    public UUID licenseId;

    /** The license holder's country when recorded, else the request's. */
    @Column(name = "customer_country")
    public String customerCountry;

    /** The instant the decision was evaluated at. */
    @Column(name = "submitted_at", nullable = false)
    public Instant submittedAt;

    @Column(name = "decided_at", nullable = false)
    public Instant decidedAt;
}
