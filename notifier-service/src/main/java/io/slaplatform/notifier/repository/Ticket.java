package io.slaplatform.notifier.repository;

import java.time.Instant;
import java.util.UUID;

/**
 * The notifier's projection of one ticket, filled from several topics in whatever order their events come.
 * Read and written under the row's lock ({@link TicketRepository#lock}); not thread-safe.
 */
public class Ticket {

    public UUID requestId;

    // From RequestSubmitted (impact also from ImpactReclassified)
    public String contactEmail;
    public String subject;
    public String locale;
    public String impact;
    public String country;
    public Instant submittedAt;

    // From the eligibility decision
    public String acceptedEventId;
    public String rejectedEventId;
    public String rejectionReason;
    public String rejectionDetail;

    // From the first cycle's ClockStarted (and a DeadlineChanged of that cycle)
    public String clockCalendar;
    public String clockImpact;
    public String clockTarget;
    public Instant clockDeadline;

    /** The acknowledgement is queued. */
    public boolean acknowledged;
    /** The rejection notice is queued. */
    public boolean rejectionNotified;

    /** Whether its RequestSubmitted has arrived, and with it the contact address and subject. */
    public boolean isSubmitted() {
        return submittedAt != null;
    }
}
