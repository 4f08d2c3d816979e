package io.slaplatform.notifier.domain;

/** Where a queued mail stands. */
public enum MailStatus {
    /** Waiting for its next attempt ({@code next_attempt_at}). */
    PENDING,
    /** Accepted by the SMTP server. */
    SENT,
    /** Given up on after repeated or permanent failure; an operator may retry it. */
    PARKED
}
