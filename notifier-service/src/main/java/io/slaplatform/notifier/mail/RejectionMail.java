package io.slaplatform.notifier.mail;

/**
 * The submitter's notice that a request gets no guaranteed response time.
 *
 * @param reason the {@code RejectionReason} name; the templates word it in the reader's language (eligibility's
 *               English detail sentence is for staff, on {@code GET /requests/{id}}, and would repeat the reason)
 */
public record RejectionMail(TicketFacts ticket, String reason) {
}
