package io.slaplatform.notifier.service;

import io.slaplatform.events.Countries;
import io.slaplatform.notifier.config.NotifierConfig;
import jakarta.inject.Singleton;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The business calendars as the notifier needs them: the time zone a deadline is shown in, the opening hours and
 * phone number a customer is told, and which calendar serves a country. Checked when the service starts; a
 * mistake stops it, naming the key.
 */
@Singleton
public class CalendarDirectory {

    /** One calendar as mails show it. */
    public record CalendarInfo(String id, ZoneId zone, String hours, String phone) {
    }

    private final Map<String, CalendarInfo> calendars = new TreeMap<>();
    private final Map<String, String> calendarByCountry = new HashMap<>();
    private final String defaultCalendar;

    CalendarDirectory(NotifierConfig config) {
        config.calendars().forEach((id, calendar) -> {
            ZoneId zone;
            try {
                zone = ZoneId.of(calendar.zone());
            } catch (DateTimeException e) {
                throw new IllegalStateException("notifier.calendars." + id + ".zone: unknown time zone "
                        + calendar.zone());
            }
            calendars.put(id, new CalendarInfo(id, zone, calendar.hours(),
                    calendar.phone().orElse(config.support().phone())));
        });
        if (!calendars.containsKey(config.defaultCalendar())) {
            throw new IllegalStateException("notifier.default-calendar: no calendar " + config.defaultCalendar()
                    + " under notifier.calendars (known: " + calendars.keySet() + ")");
        }
        defaultCalendar = config.defaultCalendar();
        config.countryCalendars().forEach((id, countries) -> {
            if (!calendars.containsKey(id)) {
                throw new IllegalStateException("notifier.country-calendars." + id + ": no calendar " + id
                        + " under notifier.calendars");
            }
            for (String country : countries) {
                String code = country.trim();
                if (!Countries.isAlpha2(code)) {
                    throw new IllegalStateException("notifier.country-calendars." + id + ": " + code
                            + " is not an ISO 3166-1 alpha-2 code");
                }
                String previous = calendarByCountry.put(code, id);
                if (previous != null && !previous.equals(id)) {
                    throw new IllegalStateException("notifier.country-calendars: " + code + " is listed under both "
                            + previous + " and " + id);
                }
            }
        });
    }

    /** The calendar with this id, when configured. */
    public Optional<CalendarInfo> calendar(String id) {
        return Optional.ofNullable(id == null ? null : calendars.get(id));
    }

    /** The calendar serving a country; the default calendar for an unlisted or absent country. */
    public CalendarInfo forCountry(String country) {
        String id = country == null ? null : calendarByCountry.get(country);
        return calendars.get(id == null ? defaultCalendar : id);
    }

    /** Every configured calendar id. */
    public Set<String> ids() {
        return calendars.keySet();
    }

    /** The configured calendars, by id. */
    public List<CalendarInfo> all() {
        return List.copyOf(calendars.values());
    }
}
