package io.slaplatform.notifier.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What varies by deployment in the notifier: links, mail defaults, the sender's retry policy, the support
 * contact details and the business calendars (their time zones and opening hours as customers read them).
 * The SMTP server itself is Quarkus Mailer's configuration ({@code quarkus.mailer.*}).
 */
@ConfigMapping(prefix = "notifier")
public interface NotifierConfig {

    /** Links put into mails. */
    Links links();

    /** Mail composition. */
    Mail mail();

    /** The sender that delivers queued mails over SMTP. */
    Sender sender();

    /** How customers reach support, for the Enterprise support welcome mail. */
    Support support();

    /** The Prometheus metrics of the mail outbox. */
    Metrics metrics();

    /**
     * Business calendars by id ({@code notifier.calendars.<id>.*}), the ids sla-clock-service puts on its events.
     * Keep them in step with {@code sla.calendars}: the notifier shows deadlines in these zones.
     */
    Map<String, Calendar> calendars();

    /** The calendar of every country not listed in {@link #countryCalendars()}. */
    @WithDefault("swiss")
    String defaultCalendar();

    /** Countries (ISO 3166-1 alpha-2) per calendar id, as in sla-clock-service; a country may be listed once. */
    @WithName("country-calendars")
    Map<String, List<String>> countryCalendars();

    interface Links {
        /** Base URL of the SLA views; a ticket's link is {@code <base>/sla/<request id>}. */
        @WithDefault("http://localhost:8083")
        String slaBaseUrl();
    }

    interface Mail {
        /** Language of mails when the request names none, or one without templates. */
        @WithDefault("en")
        String defaultLocale();

        /**
         * Domain part of the stable {@code Message-ID}s; defaults to the domain of {@code quarkus.mailer.from}.
         */
        Optional<String> messageIdDomain();

        /**
         * How long the rendered subject and bodies of a sent mail are kept; then they are removed (the row stays:
         * it is the sent-mail log). Parked and pending mails keep theirs.
         */
        @WithDefault("P30D")
        Duration retention();
    }

    interface Sender {
        /** Whether this instance sends queued mails; several instances share the work safely. */
        @WithDefault("true")
        boolean enabled();

        /** Safety-net poll for due mails; a committed new mail wakes the sender at once. */
        @WithDefault("1s")
        Duration pollInterval();

        /** Pause after the first failed attempt; doubles after each further failure. */
        @WithDefault("30s")
        Duration initialBackoff();

        /** Longest pause between two attempts of one mail. */
        @WithDefault("30m")
        Duration maxBackoff();

        /** Attempts in all, the first included, before a mail is parked for an operator. */
        @WithDefault("10")
        int maxAttempts();

        /** Most mails sent in one round before the sender yields. */
        @WithDefault("100")
        int batchSize();
    }

    interface Metrics {
        /** How often the pending and parked gauges are counted in the database (not on every scrape). */
        @WithDefault("5s")
        Duration refreshInterval();
    }

    interface Support {
        /** The support phone number, as customers should dial it (international format). */
        @WithDefault("+1 555 0100")
        String phone();

        /** How to plan a web call (Skype, Google Meet), one paragraph. */
        @WithDefault("Reply to this e-mail with two or three times within our business hours that suit you and "
                + "whether you prefer Skype or Google Meet; we send you an invitation with the link.")
        String webCall();
    }

    interface Calendar {
        /** Time zone of the calendar, e.g. {@code Europe/Zurich}. */
        String zone();

        /** Opening hours as customers read them, e.g. {@code Monday to Friday, 09:00-17:00 Swiss time}. */
        String hours();

        /** Support phone number of this region; {@code notifier.support.phone} when absent. */
        Optional<String> phone();
    }
}
