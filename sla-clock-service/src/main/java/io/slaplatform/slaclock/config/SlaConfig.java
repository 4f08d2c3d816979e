package io.slaplatform.slaclock.config;

import io.slaplatform.events.ReclassificationPolicy;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * SLA rules of a deployment: business calendars, response targets, warning thresholds and which calendar a
 * customer's country uses. The defaults in {@code application.properties} are those of the support terms.
 */
@ConfigMapping(prefix = "sla")
public interface SlaConfig {

    /** Business calendars by id ({@code sla.calendars.<id>.*}). */
    Map<String, Calendar> calendars();

    /** Guaranteed response time per impact ({@code sla.targets.LIMITED=PT12H}, ...); all four impacts required. */
    Map<String, Duration> targets();

    /** Shares of the target at which {@code DeadlineApproaching} is emitted, each in (0, 1). */
    @WithDefault("0.75")
    List<Double> warningThresholds();

    /** How a running cycle's deadline follows a change of impact: {@code RETROACTIVE} or {@code FROM_RECLASSIFICATION}. */
    @WithDefault("RETROACTIVE")
    ReclassificationPolicy reclassificationPolicy();

    /**
     * The longest the timer poller waits between two looks for due SLA events; it otherwise wakes when the earliest
     * pending one falls due.
     */
    @WithDefault("100ms")
    Duration timerPollInterval();

    /**
     * The longest a due warning or breach waits for the clock's inputs to catch up ({@code InputProgress}): a
     * breach is emitted only once every record that could stop or move its cycle and was on
     * {@code support.requests} or {@code support.eligibility} before the deadline has been applied. A partition
     * that cannot make progress (a consumer stuck on a record while its database is away, a broker out) holds
     * its tickets' timers at most this long; they are then emitted with a WARN each, counted by
     * {@code sla_timers_forced_total}.
     */
    @WithDefault("10m")
    Duration breachMaxHold();

    /**
     * How long after the Kafka broker was last unreachable the clock still does not trust what it reads of its
     * inputs' progress: an answer intake recorded during the outage reaches Kafka only once intake's outbox relay
     * has sent it again, shortly after the broker is back. Due warnings and breaches wait meanwhile.
     */
    @WithDefault("5s")
    Duration brokerOutageGrace();

    /** How often the poller looks again while due timers wait for their inputs to catch up. */
    @WithDefault("100ms")
    Duration heldTimerRecheckInterval();

    /** The calendar of every country not listed in {@link #countryCalendars()}. */
    @WithDefault("swiss")
    String defaultCalendar();

    /**
     * Countries (ISO 3166-1 alpha-2) per calendar id ({@code sla.country-calendars.us-pacific=US,CA,...}). A
     * country may be listed under one calendar only.
     */
    @WithName("country-calendars")
    Map<String, List<String>> countryCalendars();

    /** Fault injection for crash tests; unset in every real deployment. */
    FaultInjection faultInjection();

    /** Failure points that tests of crash safety switch on; each is off unless set. */
    interface FaultInjection {
        /**
         * Holds every claimed batch of due SLA events this long, locked and uncommitted, after their outbox
         * records are written and before the commit: the window in which a crash must neither lose nor repeat
         * them. The system tests kill the process inside it. Must stay below the transaction timeout.
         */
        Optional<Duration> holdClaimedTimers();
    }

    /** One business calendar. */
    interface Calendar {
        /** The time zone whose wall clock the hours follow, e.g. {@code Europe/Zurich}. */
        String zone();

        /** Weekly opening hours, e.g. {@code MON-FRI 09:00-17:00} or {@code MON-FRI 08:00-12:00,13:00-17:00}. */
        String hours();

        /**
         * The holidays on which the calendar is closed all day: {@code us-major}, {@code ch-vd}, {@code none}, or
         * {@code jollyday:<country>[/<subdivision>...]} for every holiday of a Jollyday calendar.
         */
        @WithDefault("none")
        String holidays();

        /** Further closure dates (company days off), local dates. */
        Optional<List<LocalDate>> closures();
    }
}
