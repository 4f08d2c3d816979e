package io.slaplatform.intake.domain;

/** What eligibility-service decided about a request. */
public enum Eligibility {
    PENDING,
    ACCEPTED,
    REJECTED
}
