package io.slaplatform.slaclock.service;

import io.slaplatform.events.Countries;
import io.slaplatform.events.Impact;
import io.slaplatform.slaclock.config.SlaConfig;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The registry checks the whole configuration at start-up and maps every country. */
class CalendarRegistryTest {

    record Calendar(String zone, String hours, String holidays, Optional<List<LocalDate>> closures)
            implements SlaConfig.Calendar {
    }

    record Config(Map<String, SlaConfig.Calendar> calendars, Map<String, Duration> targets,
                  List<Double> warningThresholds, String defaultCalendar,
                  Map<String, List<String>> countryCalendars) implements SlaConfig {
        @Override
        public io.slaplatform.events.ReclassificationPolicy reclassificationPolicy() {
            return io.slaplatform.events.ReclassificationPolicy.RETROACTIVE;
        }

        @Override
        public Duration timerPollInterval() {
            return Duration.ofMillis(100);
        }

        @Override
        public Duration breachMaxHold() {
            return Duration.ofMinutes(10);
        }

        @Override
        public Duration heldTimerRecheckInterval() {
            return Duration.ofMillis(100);
        }

        @Override
        public Duration brokerOutageGrace() {
            return Duration.ofSeconds(5);
        }

        @Override
        public FaultInjection faultInjection() {
            return Optional::empty;
        }
    }

    private static Map<String, Duration> terms() {
        Map<String, Duration> targets = new LinkedHashMap<>();
        targets.put("LIMITED", Duration.ofHours(12));
        targets.put("MODERATE", Duration.ofHours(8));
        targets.put("MAJOR", Duration.ofHours(4));
        targets.put("CRITICAL", Duration.ofHours(2));
        return targets;
    }

    private static Map<String, SlaConfig.Calendar> twoCalendars() {
        Map<String, SlaConfig.Calendar> calendars = new LinkedHashMap<>();
        calendars.put("us-pacific", new Calendar("America/Los_Angeles", "MON-FRI 09:00-17:00", "us-major",
                Optional.empty()));
        calendars.put("swiss", new Calendar("Europe/Zurich", "MON-FRI 09:00-17:00", "ch-vd",
                Optional.of(List.of(LocalDate.of(2026, 12, 24)))));
        return calendars;
    }

    @Test
    void everyIsoCountryHasACalendarAndListedOnesTheirOwn() {
        CalendarRegistry registry = new CalendarRegistry(new Config(twoCalendars(), terms(), List.of(0.5, 0.75),
                "swiss", Map.of("us-pacific", List.of("US", "AU"))));

        for (String country : Countries.all()) {
            assertThat(registry.calendarForCountry(country)).as(country).isPresent();
        }
        assertThat(registry.calendarForCountry("US").orElseThrow().id()).isEqualTo("us-pacific");
        assertThat(registry.calendarForCountry("AU").orElseThrow().id()).isEqualTo("us-pacific");
        assertThat(registry.calendarForCountry("CH").orElseThrow().id()).isEqualTo("swiss");
        assertThat(registry.calendarForCountry("XX")).isEmpty();
        assertThat(registry.target(Impact.CRITICAL)).isEqualTo(Duration.ofHours(2));
        assertThat(registry.warningThresholds()).containsExactly(0.5, 0.75);
    }

    @Test
    void extraClosureDatesCloseTheCalendar() {
        CalendarRegistry registry = new CalendarRegistry(new Config(twoCalendars(), terms(), List.of(0.75),
                "swiss", Map.of()));
        // Thursday 2026-12-24 10:00 in Zurich is a configured company day off
        assertThat(registry.calendar("swiss").orElseThrow().isOpen(Instant.parse("2026-12-24T09:00:00Z"))).isFalse();
        assertThat(registry.calendar("swiss").orElseThrow().isOpen(Instant.parse("2026-12-23T09:00:00Z"))).isTrue();
    }

    @Test
    void aDeploymentCanAddA24x7CalendarAndPointACountryAtIt() {
        Map<String, SlaConfig.Calendar> calendars = twoCalendars();
        calendars.put("ops-24x7", new Calendar("UTC", "MON-SUN 00:00-24:00", "none", Optional.empty()));
        CalendarRegistry registry = new CalendarRegistry(new Config(calendars, terms(), List.of(0.75), "swiss",
                Map.of("ops-24x7", List.of("IS"))));

        var iceland = registry.calendarForCountry("IS").orElseThrow();
        assertThat(iceland.id()).isEqualTo("ops-24x7");
        // Saturday 10:00 UTC + 2 h, around the clock
        assertThat(iceland.deadline(Instant.parse("2026-11-28T10:00:00Z"), Duration.ofHours(2)))
                .isEqualTo(Instant.parse("2026-11-28T12:00:00Z"));
    }

    @Test
    void everyConfigurationMistakeIsReportedWithItsKey() {
        Map<String, SlaConfig.Calendar> calendars = twoCalendars();
        calendars.put("broken", new Calendar("Mars/Olympus", "MON-FRI 09:00-17:00", "none", Optional.empty()));
        calendars.put("bad-hours", new Calendar("UTC", "MON-FRI 17:00-09:00", "none", Optional.empty()));
        calendars.put("bad-holidays", new Calendar("UTC", "MON-FRI 09:00-17:00", "easter-only", Optional.empty()));
        Map<String, Duration> targets = terms();
        targets.remove("MAJOR");
        targets.put("URGENT", Duration.ofHours(1));

        assertThatThrownBy(() -> new CalendarRegistry(new Config(calendars, targets, List.of(1.5), "nowhere",
                Map.of("us-pacific", List.of("US", "us"), "swiss", List.of("US"), "moon", List.of("FR")))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("sla.calendars.broken")
                .hasMessageContaining("sla.calendars.bad-hours")
                .hasMessageContaining("sla.calendars.bad-holidays")
                .hasMessageContaining("sla.targets.MAJOR: missing")
                .hasMessageContaining("sla.targets.URGENT")
                .hasMessageContaining("sla.warning-thresholds: 1.5")
                .hasMessageContaining("sla.default-calendar")
                .hasMessageContaining("us is not an ISO 3166-1 alpha-2 code")
                .hasMessageContaining("US is listed under both")
                .hasMessageContaining("sla.country-calendars.moon: no such calendar");
    }
}
