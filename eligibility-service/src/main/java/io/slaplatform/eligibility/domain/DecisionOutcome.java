package io.slaplatform.eligibility.domain;

/** The outcome of an eligibility decision. */
public enum DecisionOutcome {
    ACCEPTED,
    REJECTED
}
