package io.slaplatform.intake.domain;

/** Kinds of entries in a request's history. */
public enum HistoryType {
    SUBMITTED,
    ACCEPTED,
    REJECTED,
    SUPPORT_RESPONDED,
    CUSTOMER_REPLIED,
    IMPACT_RECLASSIFIED,
    RESOLVED
}
