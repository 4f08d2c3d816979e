package io.slaplatform.notifier.mail;

/**
 * The submitter's acknowledgement of an accepted request.
 *
 * @param target        the guaranteed response time in business time, e.g. {@code 2 h}
 * @param deadlineLocal the response deadline in the calendar's zone
 * @param deadlineUtc   the same instant in UTC
 * @param timeZone      the calendar's zone id; UTC when the calendar is unknown here
 */
public record AcknowledgementMail(TicketFacts ticket, String target, String deadlineLocal, String deadlineUtc,
                                  String timeZone) {
}
