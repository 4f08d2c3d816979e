package io.slaplatform.notifier.service;

import io.slaplatform.events.Breached;
import io.slaplatform.events.ClockStarted;
import io.slaplatform.events.DeadlineApproaching;
import io.slaplatform.events.DeadlineChanged;
import io.slaplatform.events.DomainEvent;
import io.slaplatform.events.EnterpriseSupportActivated;
import io.slaplatform.events.EventCodec;
import io.slaplatform.events.EventType;
import io.slaplatform.events.Impact;
import io.slaplatform.events.ImpactReclassified;
import io.slaplatform.events.RequestAccepted;
import io.slaplatform.events.RequestRejected;
import io.slaplatform.events.RequestSubmitted;
import io.slaplatform.events.ResponseLate;
import io.slaplatform.events.UnguaranteedCycleStarted;
import io.slaplatform.notifier.config.NotifierConfig;
import io.slaplatform.notifier.domain.AlertType;
import io.slaplatform.notifier.domain.MailKind;
import io.slaplatform.notifier.domain.Subscription;
import io.slaplatform.notifier.mail.AcknowledgementMail;
import io.slaplatform.notifier.mail.HeaderSafe;
import io.slaplatform.notifier.mail.MailComposer;
import io.slaplatform.notifier.mail.MailComposer.ComposedMail;
import io.slaplatform.notifier.mail.MailFormats;
import io.slaplatform.notifier.mail.RejectionMail;
import io.slaplatform.notifier.mail.SlaAlertMail;
import io.slaplatform.notifier.mail.SupportActivatedMail;
import io.slaplatform.notifier.mail.TicketFacts;
import io.slaplatform.notifier.mail.UnguaranteedFollowUpMail;
import io.slaplatform.notifier.repository.SubscriptionRepository;
import io.slaplatform.notifier.repository.Ticket;
import io.slaplatform.notifier.repository.TicketRepository;
import io.slaplatform.notifier.repository.TicketRepository.DeferredAlert;
import io.slaplatform.notifier.service.CalendarDirectory.CalendarInfo;
import io.slaplatform.runtime.validation.Validation;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * Turns consumed events into queued mails, in the consumer's transaction (each method runs inside the one that
 * also records the event's {@code ce_id}).
 *
 * <p>Events of one ticket come in order per topic but not across topics, so each is first applied to the ticket's
 * projection, under its row lock, and a mail is queued once the projection holds what it needs:
 * <ul>
 *   <li>the acknowledgement when RequestSubmitted, RequestAccepted and the first ClockStarted have all arrived, in
 *       any order;</li>
 *   <li>the rejection notice when RequestSubmitted and RequestRejected have;</li>
 *   <li>the notice that a reply opened a cycle without a guaranteed response time (UnguaranteedCycleStarted), once
 *       per cycle, when its RequestSubmitted has arrived;</li>
 *   <li>an SLA alert to each matching subscriber at once when the ticket's subject is known, otherwise when its
 *       RequestSubmitted arrives.</li>
 * </ul>
 * The welcome to Enterprise support needs nothing else and is queued at once.
 */
@ApplicationScoped
public class NotificationService {

    private static final Logger LOG = Logger.getLogger(NotificationService.class);
    private static final int SUBJECT_IN_MAIL_MAX = 200;
    private static final int LOCALE_MAX = 35;
    private static final Pattern LANGUAGE_TAG = Pattern.compile(Validation.LANGUAGE_TAG);
    private static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");

    private final TicketRepository tickets;
    private final SubscriptionRepository subscriptions;
    private final MailOutbox outbox;
    private final MailComposer composer;
    private final CalendarDirectory calendars;
    private final Clock clock;
    private final NotifierConfig config;
    private final String slaBaseUrl;

    NotificationService(TicketRepository tickets, SubscriptionRepository subscriptions, MailOutbox outbox,
                        MailComposer composer, CalendarDirectory calendars, Clock clock, NotifierConfig config) {
        this.tickets = tickets;
        this.subscriptions = subscriptions;
        this.outbox = outbox;
        this.composer = composer;
        this.calendars = calendars;
        this.clock = clock;
        this.config = config;
        this.slaBaseUrl = config.links().slaBaseUrl().replaceAll("/+$", "");
    }

    // --- support.requests ---

    @Transactional(Transactional.TxType.MANDATORY)
    public void submitted(RequestSubmitted event) {
        if (event.requestId() == null) {
            LOG.error("RequestSubmitted without requestId ignored");
            return;
        }
        Ticket t = tickets.lock(event.requestId());
        t.contactEmail = event.contactEmail();
        t.subject = event.subject();
        t.locale = languageTagOrNull(event.locale());
        if (t.impact == null && event.impact() != null) {
            t.impact = event.impact().name(); // a reclassification read first stays
        }
        t.country = countryOrNull(event.country());
        t.submittedAt = event.submittedAt() != null ? event.submittedAt() : clock.instant();
        progress(t);
        tickets.save(t);
        for (DeferredAlert deferred : tickets.takeDeferred(t.requestId)) {
            EventType type = EventType.fromCeType(deferred.eventType()).orElseThrow();
            DomainEvent waiting = EventCodec.decode(deferred.payload(), type.payloadClass());
            if (waiting instanceof UnguaranteedCycleStarted started) {
                unguaranteedFollowUp(deferred.eventId(), started, t);
            } else {
                alert(deferred.eventId(), waiting, t);
            }
        }
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void reclassified(ImpactReclassified event) {
        if (event.requestId() == null) {
            return;
        }
        Ticket t = tickets.lock(event.requestId());
        t.impact = event.newImpact() == null ? t.impact : event.newImpact().name();
        tickets.save(t);
    }

    // --- support.eligibility ---

    @Transactional(Transactional.TxType.MANDATORY)
    public void accepted(String eventId, RequestAccepted event) {
        if (unusable(eventId, event.requestId())) {
            return;
        }
        Ticket t = tickets.lock(event.requestId());
        if (t.acceptedEventId == null) {
            t.acceptedEventId = eventId;
        }
        progress(t);
        tickets.save(t);
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void rejected(String eventId, RequestRejected event) {
        if (unusable(eventId, event.requestId())) {
            return;
        }
        Ticket t = tickets.lock(event.requestId());
        if (t.rejectedEventId == null) {
            t.rejectedEventId = eventId;
            t.rejectionReason = event.reason() == null ? null : event.reason().name();
            t.rejectionDetail = event.detail();
        }
        progress(t);
        tickets.save(t);
    }

    // --- sla.clock, sla.deadline-approaching, sla.breached ---

    /**
     * An SLA event: ClockStarted, DeadlineChanged (both also feed the acknowledgement), DeadlineApproaching,
     * Breached or ResponseLate, which alerts the matching subscribers; or UnguaranteedCycleStarted, which tells the
     * contact.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void slaEvent(String eventId, DomainEvent event) {
        UUID requestId;
        try {
            requestId = UUID.fromString(event.key());
        } catch (RuntimeException e) {
            requestId = null;
        }
        if (unusable(eventId, requestId)) {
            return;
        }
        Ticket t = tickets.lock(requestId);
        if (event instanceof UnguaranteedCycleStarted started) {
            if (t.isSubmitted()) {
                unguaranteedFollowUp(eventId, started, t);
            } else {
                tickets.defer(t.requestId, eventId, started.type().ceType(), EventCodec.encode(started));
            }
            return;
        }
        if (event instanceof ClockStarted started) {
            t.clockCalendar = started.calendar();
            if (started.cycle() == 1 && !t.acknowledged) {
                t.clockImpact = started.impact() == null ? null : started.impact().name();
                t.clockTarget = started.target() == null ? null : started.target().toString();
                t.clockDeadline = started.deadline();
            }
            progress(t);
        } else if (event instanceof DeadlineChanged changed && changed.cycle() == 1 && !t.acknowledged
                && t.clockDeadline != null) {
            // Acknowledge the deadline that holds now; the target of the new impact is not on the event.
            t.clockDeadline = changed.newDeadline();
            t.clockImpact = changed.newImpact() == null ? t.clockImpact : changed.newImpact().name();
            t.clockTarget = null;
        }
        tickets.save(t);
        alert(eventId, event, t);
    }

    // --- support.licenses ---

    @Transactional(Transactional.TxType.MANDATORY)
    public void supportActivated(String eventId, EnterpriseSupportActivated event) {
        CalendarInfo region = calendars.forCountry(event.country());
        ComposedMail mail = composer.compose(MailKind.SUPPORT_ACTIVATED, null, locale -> new SupportActivatedMail(
                event.licenseEmail(), HeaderSafe.singleLine(event.product(), 100),
                event.validFrom() == null ? null : MailFormats.local(event.validFrom(), region.zone(), locale),
                event.validUntil() == null ? null : MailFormats.local(event.validUntil(), region.zone(), locale),
                region.phone(), region.hours(), region.zone().getId(), config.support().webCall()));
        outbox.queue(eventId, EventType.ENTERPRISE_SUPPORT_ACTIVATED.ceType(), MailKind.SUPPORT_ACTIVATED,
                String.valueOf(event.licenseId()), event.licenseEmail(), mail);
    }

    /**
     * The request's language tag when it is one, else null (the default language): intake checks it, but a
     * malformed one on the topic must cost the customer the language of the mail, not the mail.
     */
    private static String languageTagOrNull(String locale) {
        return locale != null && locale.length() <= LOCALE_MAX && LANGUAGE_TAG.matcher(locale).matches() ? locale
                : null;
    }

    /** The ISO 3166-1 alpha-2 country when it is one, else null; the notifier only keeps it. */
    private static String countryOrNull(String country) {
        return country != null && COUNTRY.matcher(country).matches() ? country : null;
    }

    /** An event without a request id: retrying cannot mend it, and throwing would stop the channel. */
    private static boolean unusable(String eventId, UUID requestId) {
        if (requestId == null) {
            LOG.errorf("Event %s has no usable requestId; ignored", eventId);
            return true;
        }
        return false;
    }

    // --- the submitter's mails ---

    private void progress(Ticket t) {
        if (!t.isSubmitted()) {
            return;
        }
        if (t.acceptedEventId != null && t.clockDeadline != null && !t.acknowledged) {
            ZoneId zone = zoneOf(t.clockCalendar);
            Instant deadline = t.clockDeadline;
            ComposedMail mail = composer.compose(MailKind.ACKNOWLEDGEMENT, t.locale, locale -> new AcknowledgementMail(
                    facts(t, t.clockImpact != null ? t.clockImpact : t.impact, t.clockCalendar, false),
                    t.clockTarget == null ? null : MailFormats.duration(Duration.parse(t.clockTarget)),
                    MailFormats.local(deadline, zone, locale), MailFormats.utc(deadline), zone.getId()));
            outbox.queue(t.acceptedEventId, EventType.REQUEST_ACCEPTED.ceType(), MailKind.ACKNOWLEDGEMENT,
                    t.requestId.toString(), t.contactEmail, mail);
            t.acknowledged = true;
        }
        if (t.rejectedEventId != null && !t.rejectionNotified) {
            ComposedMail mail = composer.compose(MailKind.REJECTION, t.locale, locale -> new RejectionMail(
                    facts(t, t.impact, null, false), t.rejectionReason));
            outbox.queue(t.rejectedEventId, EventType.REQUEST_REJECTED.ceType(), MailKind.REJECTION,
                    t.requestId.toString(), t.contactEmail, mail);
            t.rejectionNotified = true;
        }
    }

    /** Tells the contact, in their language, that their reply has no guaranteed response time; once per event. */
    private void unguaranteedFollowUp(String eventId, UnguaranteedCycleStarted started, Ticket t) {
        ZoneId zone = zoneOf(started.calendar());
        ComposedMail mail = composer.compose(MailKind.UNGUARANTEED_FOLLOW_UP, t.locale,
                locale -> new UnguaranteedFollowUpMail(facts(t, t.impact, started.calendar(), false),
                        started.reason() == null ? null : started.reason().name(),
                        local(started.startedAt(), zone, locale)));
        outbox.queue(eventId, EventType.UNGUARANTEED_CYCLE_STARTED.ceType(), MailKind.UNGUARANTEED_FOLLOW_UP,
                t.requestId.toString(), t.contactEmail, mail);
    }

    // --- support leads' alerts ---

    private void alert(String eventId, DomainEvent event, Ticket t) {
        AlertType type = AlertType.of(event.type()).orElse(null);
        if (type == null) {
            return;
        }
        Impact impact = impactOf(event);
        String calendar = calendarOf(event, t);
        List<Subscription> matching = subscriptions.subscribedTo(type).stream()
                .filter(s -> s.matches(type, impact, calendar)).toList();
        if (matching.isEmpty()) {
            return;
        }
        if (!t.isSubmitted()) {
            tickets.defer(t.requestId, eventId, type.ceType(), EventCodec.encode(event));
            LOG.debugf("%s %s waits for RequestSubmitted of %s", type.ceType(), eventId, t.requestId);
            return;
        }
        Instant now = clock.instant();
        Map<String, ComposedMail> byLocale = new HashMap<>();
        for (Subscription s : matching) {
            ComposedMail mail = byLocale.computeIfAbsent(String.valueOf(s.locale()), key -> composer.compose(
                    MailKind.SLA_ALERT, s.locale(), locale -> alertMail(type, event, t, impact, calendar, now, locale)));
            outbox.queue(eventId, type.ceType(), MailKind.SLA_ALERT, t.requestId.toString(), s.email(), mail);
        }
    }

    private SlaAlertMail alertMail(AlertType type, DomainEvent event, Ticket t, Impact impact, String calendar,
                                   Instant now, Locale locale) {
        ZoneId zone = zoneOf(calendar);
        TicketFacts facts = facts(t, impact == null ? null : impact.name(), calendar, true);
        String ce = type.ceType();
        if (event instanceof ClockStarted e) {
            return new SlaAlertMail(ce, facts, e.cycle(), local(e.deadline(), zone, locale), utc(e.deadline()),
                    e.target() == null ? null : MailFormats.duration(e.target()), null, null, null, null, null, null,
                    null);
        }
        if (event instanceof DeadlineApproaching e) {
            return new SlaAlertMail(ce, facts, e.cycle(), local(e.deadline(), zone, locale), utc(e.deadline()),
                    e.remaining() == null ? null : MailFormats.duration(e.remaining()),
                    Math.round(e.threshold() * 100) + "%", null, null, null, null, null, null);
        }
        if (event instanceof Breached e) {
            // How late as of this alert, in wall-clock time: business time needs the calendar engine, which is
            // sla-clock-service's; the alert is written when the breach is read, normally at the deadline.
            Duration overdue = e.deadline() == null ? Duration.ZERO : Duration.between(e.deadline(), now);
            return new SlaAlertMail(ce, facts, e.cycle(), local(e.deadline(), zone, locale), utc(e.deadline()), null,
                    null, overdue.compareTo(Duration.ofMinutes(1)) < 0 ? null : MailFormats.duration(overdue),
                    null, null, null, null, null);
        }
        if (event instanceof DeadlineChanged e) {
            return new SlaAlertMail(ce, facts, e.cycle(), local(e.newDeadline(), zone, locale), utc(e.newDeadline()),
                    null, null, null, null, null, e.previousImpact() == null ? null : e.previousImpact().name(),
                    local(e.previousDeadline(), zone, locale), e.policy() == null ? null : e.policy().name());
        }
        if (event instanceof ResponseLate e) {
            return new SlaAlertMail(ce, facts, e.cycle(), local(e.deadline(), zone, locale), utc(e.deadline()), null,
                    null, null, e.lateness() == null ? null : MailFormats.duration(e.lateness()),
                    e.latenessElapsed() == null ? null : MailFormats.duration(e.latenessElapsed()), null, null, null);
        }
        throw new IllegalArgumentException("No alert for " + event.type());
    }

    private static Impact impactOf(DomainEvent event) {
        if (event instanceof ClockStarted e) {
            return e.impact();
        } else if (event instanceof DeadlineApproaching e) {
            return e.impact();
        } else if (event instanceof Breached e) {
            return e.impact();
        } else if (event instanceof DeadlineChanged e) {
            return e.newImpact();
        } else if (event instanceof ResponseLate e) {
            return e.impact();
        }
        return null;
    }

    private static String calendarOf(DomainEvent event, Ticket t) {
        if (event instanceof ClockStarted e) {
            return e.calendar();
        } else if (event instanceof DeadlineApproaching e) {
            return e.calendar();
        } else if (event instanceof Breached e) {
            return e.calendar();
        } else if (event instanceof ResponseLate e) {
            return e.calendar();
        }
        return t.clockCalendar; // DeadlineChanged does not carry it; its cycle's ClockStarted did (same topic, before)
    }

    private TicketFacts facts(Ticket t, String impact, String calendar, boolean withLink) {
        return new TicketFacts(t.requestId.toString(), HeaderSafe.singleLine(t.subject, SUBJECT_IN_MAIL_MAX), impact,
                calendar, withLink ? slaBaseUrl + "/sla/" + t.requestId : null);
    }

    private ZoneId zoneOf(String calendar) {
        return calendars.calendar(calendar).map(CalendarInfo::zone).orElseGet(() -> {
            if (calendar != null) {
                LOG.warnf("Calendar %s is not configured under notifier.calendars; showing UTC",
                        HeaderSafe.singleLine(calendar, 100));
            }
            return ZoneOffset.UTC;
        });
    }

    private static String local(Instant instant, ZoneId zone, Locale locale) {
        return instant == null ? null : MailFormats.local(instant, zone, locale);
    }

    private static String utc(Instant instant) {
        return instant == null ? null : MailFormats.utc(instant);
    }
}
