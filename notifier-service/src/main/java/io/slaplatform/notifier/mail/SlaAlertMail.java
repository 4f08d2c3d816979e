package io.slaplatform.notifier.mail;

/**
 * An SLA alert to a support lead. Which fields are set depends on {@code type}.
 *
 * @param type            the {@code ce_type}: ClockStarted, DeadlineApproaching, Breached, DeadlineChanged,
 *                        ResponseLate
 * @param cycle           the response cycle, from 1
 * @param deadlineLocal   the (new) deadline in the calendar's zone
 * @param deadlineUtc     the same in UTC
 * @param remaining       DeadlineApproaching: business time left; ClockStarted: the target
 * @param threshold       DeadlineApproaching: the share of the target elapsed, e.g. {@code 75%}
 * @param overdue         Breached: wall-clock time since the deadline when the alert was written; null under a
 *                        minute (the usual case: breaches are emitted at the deadline)
 * @param lateness        ResponseLate: business time past the deadline
 * @param latenessElapsed ResponseLate: wall-clock time past the deadline
 * @param previousImpact  DeadlineChanged: the impact before
 * @param previousDeadlineLocal DeadlineChanged: the deadline before, in the calendar's zone
 * @param policy          DeadlineChanged: RETROACTIVE or FROM_RECLASSIFICATION
 */
public record SlaAlertMail(String type, TicketFacts ticket, int cycle, String deadlineLocal, String deadlineUtc,
                           String remaining, String threshold, String overdue, String lateness,
                           String latenessElapsed, String previousImpact, String previousDeadlineLocal,
                           String policy) {
}
