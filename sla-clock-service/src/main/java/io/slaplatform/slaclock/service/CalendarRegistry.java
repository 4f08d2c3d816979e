package io.slaplatform.slaclock.service;

import io.slaplatform.events.Countries;
import io.slaplatform.events.Impact;
import io.slaplatform.events.ReclassificationPolicy;
import io.slaplatform.slaclock.cycle.SlaRules;
import io.slaplatform.slaclock.calendar.BusinessCalendar;
import io.slaplatform.slaclock.calendar.HolidaySet;
import io.slaplatform.slaclock.calendar.JollydayHolidays;
import io.slaplatform.slaclock.calendar.WeeklySchedule;
import io.slaplatform.slaclock.config.SlaConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The deployment's calendars, targets and country mapping, built once from {@link SlaConfig} and checked
 * whole at start-up: a mistake in the configuration stops the service with a message naming the key, rather
 * than producing wrong deadlines later.
 */
@ApplicationScoped
public class CalendarRegistry {

    private final Map<String, BusinessCalendar> calendars;
    private final Map<Impact, Duration> targets;
    private final List<Double> warningThresholds;
    private final Map<String, BusinessCalendar> byCountry;
    private final ReclassificationPolicy policy;

    CalendarRegistry(SlaConfig config) {
        List<String> errors = new ArrayList<>();
        this.calendars = calendars(config, errors);
        this.targets = targets(config, errors);
        this.warningThresholds = thresholds(config, errors);
        this.byCountry = countries(config, calendars, errors);
        this.policy = config.reclassificationPolicy();
        if (!errors.isEmpty()) {
            throw new IllegalStateException("Invalid SLA configuration:\n  " + String.join("\n  ", errors));
        }
    }

    /** Every calendar, by id in alphabetical order. */
    public Collection<BusinessCalendar> calendars() {
        return calendars.values();
    }

    public Optional<BusinessCalendar> calendar(String id) {
        return Optional.ofNullable(calendars.get(id));
    }

    /** The calendar of a customer based in {@code country} (ISO 3166-1 alpha-2, upper case). */
    public Optional<BusinessCalendar> calendarForCountry(String country) {
        return Optional.ofNullable(byCountry.get(country));
    }

    /** The guaranteed response time for an impact. */
    public Duration target(Impact impact) {
        return targets.get(impact);
    }

    /** Shares of the target at which warnings fall, ascending. */
    public List<Double> warningThresholds() {
        return warningThresholds;
    }

    /** The rules a ticket on {@code calendar} runs by. */
    public SlaRules rules(BusinessCalendar calendar) {
        return SlaRules.of(calendar, targets, warningThresholds, policy);
    }

    private static Map<String, BusinessCalendar> calendars(SlaConfig config, List<String> errors) {
        Map<String, BusinessCalendar> result = new TreeMap<>();
        config.calendars().forEach((id, c) -> {
            String key = "sla.calendars." + id;
            try {
                ZoneId zone = ZoneId.of(c.zone());
                WeeklySchedule hours = WeeklySchedule.parse(c.hours());
                HolidaySet holidays = holidays(c.holidays());
                result.put(id, BusinessCalendar.of(id, zone, hours, holidays,
                        new HashSet<>(c.closures().orElse(List.of()))));
            } catch (DateTimeException | IllegalArgumentException e) {
                errors.add(key + ": " + e.getMessage());
            }
        });
        if (result.isEmpty() && errors.isEmpty()) {
            errors.add("sla.calendars: no calendar is configured");
        }
        return result;
    }

    private static HolidaySet holidays(String spec) {
        String trimmed = spec.trim();
        switch (trimmed.toLowerCase(Locale.ROOT)) {
            case "none":
                return HolidaySet.none();
            case "us-major":
                return HolidaySet.usMajor();
            case "ch-vd":
                return HolidaySet.swissVaud();
            default:
                if (!trimmed.startsWith("jollyday:")) {
                    throw new IllegalArgumentException("holidays must be none, us-major, ch-vd or "
                            + "jollyday:<country>[/<subdivision>...], not '" + spec + "'");
                }
                String[] path = trimmed.substring("jollyday:".length()).split("/");
                return HolidaySet.of(trimmed, JollydayHolidays.of(path[0],
                        Arrays.asList(path).subList(1, path.length), Set.of()));
        }
    }

    private static Map<Impact, Duration> targets(SlaConfig config, List<String> errors) {
        Map<Impact, Duration> result = new EnumMap<>(Impact.class);
        config.targets().forEach((name, duration) -> {
            try {
                Impact impact = Impact.valueOf(name.toUpperCase(Locale.ROOT));
                if (duration.isNegative() || duration.isZero()) {
                    errors.add("sla.targets." + name + ": must be positive, not " + duration);
                }
                result.put(impact, duration);
            } catch (IllegalArgumentException e) {
                errors.add("sla.targets." + name + ": not an impact (LIMITED, MODERATE, MAJOR, CRITICAL)");
            }
        });
        for (Impact impact : Impact.values()) {
            if (!result.containsKey(impact)) {
                errors.add("sla.targets." + impact + ": missing");
            }
        }
        return result;
    }

    private static List<Double> thresholds(SlaConfig config, List<String> errors) {
        List<Double> result = new ArrayList<>(config.warningThresholds());
        for (Double share : result) {
            if (!(share > 0 && share < 1)) {
                errors.add("sla.warning-thresholds: " + share + " is not a share between 0 and 1 (exclusive)");
            }
        }
        result.sort(Double::compare);
        return List.copyOf(result);
    }

    private static Map<String, BusinessCalendar> countries(SlaConfig config, Map<String, BusinessCalendar> calendars,
                                                           List<String> errors) {
        Map<String, BusinessCalendar> result = new HashMap<>();
        Map<String, String> listedUnder = new HashMap<>();
        config.countryCalendars().forEach((calendarId, countries) -> {
            BusinessCalendar calendar = calendars.get(calendarId);
            if (calendar == null) {
                errors.add("sla.country-calendars." + calendarId + ": no such calendar");
                return;
            }
            for (String raw : countries) {
                String country = raw.trim();
                if (!Countries.isAlpha2(country)) {
                    errors.add("sla.country-calendars." + calendarId + ": " + raw + " is not an ISO 3166-1 alpha-2 code");
                } else if (listedUnder.containsKey(country)) {
                    errors.add("sla.country-calendars: " + country + " is listed under both "
                            + listedUnder.get(country) + " and " + calendarId);
                } else {
                    listedUnder.put(country, calendarId);
                    result.put(country, calendar);
                }
            }
        });
        BusinessCalendar fallback = calendars.get(config.defaultCalendar());
        if (fallback == null) {
            errors.add("sla.default-calendar: no calendar '" + config.defaultCalendar() + "'");
        } else {
            Countries.all().forEach(country -> result.putIfAbsent(country, fallback));
        }
        return Map.copyOf(result);
    }
}
