package io.slaplatform.intake.domain;

import io.slaplatform.events.Impact;
import io.slaplatform.events.ResponseKind;
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

/** One thing that happened to a request. Only the fields of its {@link HistoryType} are set. */
@Entity
@Table(name = "request_history")
public class RequestHistoryEntry {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "request_id", nullable = false)
    public UUID requestId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public HistoryType type;

    @Column(name = "occurred_at", nullable = false)
    public Instant occurredAt;

    /** The response or reply id, for entries that have one. */
    @Column(name = "entry_id")
    public UUID entryId;

    @Enumerated(EnumType.STRING)
    @Column(name = "response_kind")
    public ResponseKind responseKind;

    @Column(columnDefinition = "TEXT")
    public String text;

    @Enumerated(EnumType.STRING)
    @Column(name = "previous_impact")
    public Impact previousImpact;

    @Enumerated(EnumType.STRING)
    @Column(name = "new_impact")
    public Impact newImpact;

    public String reason;

    public static RequestHistoryEntry of(UUID requestId, HistoryType type, Instant occurredAt) {
        RequestHistoryEntry entry = new RequestHistoryEntry();
        entry.requestId = requestId;
        entry.type = type;
        entry.occurredAt = occurredAt;
        return entry;
    }
}
