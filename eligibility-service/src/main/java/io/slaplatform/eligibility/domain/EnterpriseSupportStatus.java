package io.slaplatform.eligibility.domain;

/** The state of a license's Enterprise support add-on. */
public enum EnterpriseSupportStatus {
    /** Never confirmed. */
    NONE,
    /** Confirmed for a validity window. */
    CONFIRMED,
    /** Confirmed once, then cancelled; requests submitted before the cancellation still had it. */
    CANCELLED
}
