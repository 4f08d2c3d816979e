package io.slaplatform.slaclock.service;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The configuration the SLA flow tests run the service with, shared by their test profiles: a 24x7 calendar
 * ({@code test-24x7}, UTC) for Iceland and targets of seconds, so clocks warn and breach within a test. Other
 * countries keep their real calendars (CH: {@code swiss}, business hours) with the same short targets.
 */
final class ShortTargetsConfig {

    static final Duration CRITICAL = Duration.ofSeconds(3);
    static final Duration MAJOR = Duration.ofSeconds(6);
    static final Duration MODERATE = Duration.ofSeconds(8);
    static final Duration LIMITED = Duration.ofSeconds(12);
    /** The warning share ({@code sla.warning-thresholds}' default). */
    static final double WARNING_SHARE = 0.75;

    private static final Map<String, String> OVERRIDES = Map.of(
            "sla.calendars.test-24x7.zone", "UTC",
            "sla.calendars.test-24x7.hours", "MON-SUN 00:00-24:00",
            "sla.country-calendars.test-24x7", "IS",
            "sla.targets.CRITICAL", CRITICAL.toString(),
            "sla.targets.MAJOR", MAJOR.toString(),
            "sla.targets.MODERATE", MODERATE.toString(),
            "sla.targets.LIMITED", LIMITED.toString(),
            "sla.timer-poll-interval", "50ms");

    private ShortTargetsConfig() {
    }

    /** The short targets on the 24x7 calendar, with the default reclassification policy (RETROACTIVE). */
    static Map<String, String> overrides() {
        return OVERRIDES;
    }

    /** The short targets with some keys added or replaced. */
    static Map<String, String> overridesWith(Map<String, String> more) {
        Map<String, String> all = new HashMap<>(OVERRIDES);
        all.putAll(more);
        return Map.copyOf(all);
    }
}
