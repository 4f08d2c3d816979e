package io.slaplatform.intake.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.slaplatform.events.Impact;
import io.slaplatform.events.RejectionReason;
import io.slaplatform.events.ResponseKind;
import io.slaplatform.intake.domain.HistoryType;
import io.slaplatform.intake.domain.RequestHistoryEntry;
import io.slaplatform.intake.domain.RequestStatus;
import io.slaplatform.intake.domain.SupportRequest;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A request as {@code GET /requests/{id}} shows it: its data, status and history. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RequestView(
        UUID id,
        RequestStatus status,
        String licenseEmail,
        String contactEmail,
        Impact impact,
        String subject,
        String description,
        String country,
        String locale,
        Instant submittedAt,
        RejectionReason rejectionReason,
        String rejectionDetail,
        Instant decidedAt,
        Instant resolvedAt,
        List<HistoryEntryView> history) {

    /** One history entry; only the fields of its type are present. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record HistoryEntryView(HistoryType type, Instant at, UUID id, ResponseKind kind, String text,
                                   Impact previousImpact, Impact newImpact, String reason) {
        static HistoryEntryView of(RequestHistoryEntry e) {
            return new HistoryEntryView(e.type, e.occurredAt, e.entryId, e.responseKind, e.text, e.previousImpact,
                    e.newImpact, e.reason);
        }
    }

    public static RequestView of(SupportRequest r, List<RequestHistoryEntry> history) {
        return new RequestView(r.id, r.status(), r.licenseEmail, r.contactEmail, r.impact, r.subject, r.description,
                r.country, r.locale, r.submittedAt, r.rejectionReason, r.rejectionDetail, r.decidedAt, r.resolvedAt,
                history.stream().map(HistoryEntryView::of).toList());
    }

    /**
     * The request as it was when it was submitted, with the impact it had then: the answer of the {@code POST} that
     * created it, which an idempotent retry returns again.
     */
    public static RequestView asSubmitted(SupportRequest r, Impact impactAtSubmission) {
        return new RequestView(r.id, RequestStatus.SUBMITTED, r.licenseEmail, r.contactEmail, impactAtSubmission,
                r.subject, r.description, r.country, r.locale, r.submittedAt, null, null, null, null,
                List.of(new HistoryEntryView(HistoryType.SUBMITTED, r.submittedAt, null, null, null, null, null,
                        null)));
    }
}
