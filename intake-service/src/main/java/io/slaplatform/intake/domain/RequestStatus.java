package io.slaplatform.intake.domain;

/** The status a request shows: its eligibility until it is resolved. */
public enum RequestStatus {
    SUBMITTED,
    ACCEPTED,
    REJECTED,
    RESOLVED
}
