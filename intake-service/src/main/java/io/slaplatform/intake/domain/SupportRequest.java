package io.slaplatform.intake.domain;

import io.slaplatform.events.Impact;
import io.slaplatform.events.RejectionReason;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A support request as submitted by a web form backend, with its eligibility and resolution. */
@Entity
@Table(name = "support_request")
public class SupportRequest {

    @Id
    public UUID id;

    @Column(name = "license_email", nullable = false)
    public String licenseEmail;

    @Column(name = "contact_email", nullable = false)
    public String contactEmail;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Impact impact;

    @Column(nullable = false)
    public String subject;

    @Column(nullable = false, columnDefinition = "TEXT")
    public String description;

    @Column(nullable = false)
    public String country;

    public String locale;

    @Column(name = "submitted_at", nullable = false)
    public Instant submittedAt;

    /** The backend id of the form backend that submitted the request. */
    @Column(name = "submitted_by")
    public String submittedBy;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Eligibility eligibility = Eligibility.PENDING;

    @Enumerated(EnumType.STRING)
    @Column(name = "rejection_reason")
    public RejectionReason rejectionReason;

    @Column(name = "rejection_detail")
    public String rejectionDetail;

    @Column(name = "decided_at")
    public Instant decidedAt;

    @Column(name = "resolved_at")
    public Instant resolvedAt;

    public RequestStatus status() {
        if (resolvedAt != null) {
            return RequestStatus.RESOLVED;
        }
        return switch (eligibility) {
            case PENDING -> RequestStatus.SUBMITTED;
            case ACCEPTED -> RequestStatus.ACCEPTED;
            case REJECTED -> RequestStatus.REJECTED;
        };
    }

    public boolean isResolved() {
        return resolvedAt != null;
    }
}
