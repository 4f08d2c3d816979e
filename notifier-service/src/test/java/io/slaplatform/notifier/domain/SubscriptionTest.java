package io.slaplatform.notifier.domain;

import io.slaplatform.events.Impact;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class SubscriptionTest {

    @ParameterizedTest(name = "[{index}] min {0}, calendars {1}: {2} {3} on {4} -> {5}")
    @CsvSource(nullValues = "null", value = {
            // minimum impact, calendars, alert, impact, calendar, matches
            "null,     '',                 BREACHED,             LIMITED,  swiss,      true",
            "null,     '',                 DEADLINE_APPROACHING, CRITICAL, swiss,      false", // not subscribed
            "MAJOR,    '',                 BREACHED,             MODERATE, swiss,      false",
            "MAJOR,    '',                 BREACHED,             MAJOR,    swiss,      true",  // at the minimum
            "MAJOR,    '',                 BREACHED,             CRITICAL, swiss,      true",
            "MAJOR,    '',                 BREACHED,             null,     swiss,      false", // unknown impact
            "null,     'us-pacific',       BREACHED,             LIMITED,  swiss,      false",
            "null,     'us-pacific',       BREACHED,             LIMITED,  us-pacific, true",
            "null,     'us-pacific;swiss', BREACHED,             LIMITED,  swiss,      true",
            "null,     'us-pacific',       BREACHED,             LIMITED,  null,       false", // unknown calendar
            "CRITICAL, 'swiss',            BREACHED,             CRITICAL, swiss,      true",
            "CRITICAL, 'swiss',            BREACHED,             MAJOR,    swiss,      false"})
    void matchesTypeMinimumImpactAndCalendar(Impact minimum, String calendars, AlertType alert, Impact impact,
                                             String calendar, boolean matches) {
        Set<String> wanted = calendars.isEmpty() ? Set.of() : Set.of(calendars.split(";"));
        Subscription s = new Subscription(UUID.randomUUID(), "lead@vendor.example", EnumSet.of(AlertType.BREACHED),
                minimum, wanted, null, Instant.EPOCH, Instant.EPOCH);
        assertThat(s.matches(alert, impact, calendar)).isEqualTo(matches);
    }
}
