package io.slaplatform.notifier.mail;

/**
 * The submitter's notice that a request gets no guaranteed response time.
 *
 * @param reason the {@code RejectionReason} name; the templates word it in the reader's language
 * @param detail eligibility-service's sentence (English), on one line
 */
public record RejectionMail(TicketFacts ticket, String reason, String detail) {
}
