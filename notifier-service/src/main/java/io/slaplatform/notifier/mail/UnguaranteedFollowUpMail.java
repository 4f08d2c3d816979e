package io.slaplatform.notifier.mail;

/**
 * The contact's notice that their reply on a ticket opened a response cycle without a guaranteed response time:
 * Enterprise support did not cover the reply's instant.
 *
 * @param reason    the {@code RejectionReason} name; the templates word it in the reader's language
 * @param repliedAt when the customer replied, in the ticket calendar's time zone (named) and the reader's language
 */
public record UnguaranteedFollowUpMail(TicketFacts ticket, String reason, String repliedAt) {
}
