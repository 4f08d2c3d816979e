package io.slaplatform.notifier.mail;

/**
 * What every mail about a ticket shows.
 *
 * @param requestId the ticket id
 * @param subject   the customer's subject, already on one line
 * @param impact    LIMITED, MODERATE, MAJOR or CRITICAL
 * @param calendar  the business calendar id; null when the ticket has none (rejected)
 * @param link      the ticket's SLA view
 */
public record TicketFacts(String requestId, String subject, String impact, String calendar, String link) {
}
