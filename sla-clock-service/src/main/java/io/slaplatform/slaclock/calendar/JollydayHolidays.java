package io.slaplatform.slaclock.calendar;

import de.focus_shift.jollyday.core.CalendarHierarchy;
import de.focus_shift.jollyday.core.Holiday;
import de.focus_shift.jollyday.core.HolidayManager;
import de.focus_shift.jollyday.core.ManagerParameters;
import java.time.LocalDate;
import java.time.Year;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Holidays selected by property key from a <a href="https://github.com/focus-shift/jollyday">Jollyday</a>
 * holiday calendar: the holiday rules are maintained in that library, this class only says which
 * holidays of a country (and subdivision) close the business.
 *
 * <p>Holidays are selected by their Jollyday property key, whatever Jollyday's type for them: in
 * Jollyday 2.19 the Vaud Federal Fast Monday ({@code FEDERAL_DAY_THANKSGIVING_MON}) is an
 * {@code OBSERVANCE}, not a {@code PUBLIC_HOLIDAY}, and 2 January is both. The date used is the one
 * Jollyday returns, which is the <em>observed</em> date where the calendar defines moving rules (US
 * federal holidays: Saturday to the Friday before, Sunday to the Monday after). Because an observed
 * date can fall in the neighbouring year, {@link #datesIn(int)} asks Jollyday for the year before and
 * the year after too and keeps the dates falling in the requested year.
 *
 * <p>This class is immutable and thread-safe; calls into Jollyday are serialized per instance.
 * Equality is by calendar code, subdivisions and keys.
 */
public final class JollydayHolidays implements YearlyHolidays {

    /** Jollyday keys of the major US holidays of the support terms (Jollyday calls Labor Day {@code LABOUR_DAY}). */
    public static final Set<String> US_MAJOR_KEYS = Set.of(
            "NEW_YEAR", "MEMORIAL_DAY", "INDEPENDENCE_DAY", "LABOUR_DAY", "THANKSGIVING", "CHRISTMAS");

    /**
     * Jollyday keys of the canton-Vaud public holidays of the support terms. Easter Sunday is left out:
     * Jollyday lists it, but it is a Sunday anyway.
     */
    public static final Set<String> SWISS_VAUD_KEYS = Set.of(
            "NEW_YEAR", "ST_BERCHTHOLD", "christian.GOOD_FRIDAY", "christian.EASTER_MONDAY",
            "christian.ASCENSION_DAY", "christian.WHIT_MONDAY", "NATIONAL_DAY",
            "FEDERAL_DAY_THANKSGIVING_MON", "CHRISTMAS");

    // Years in which every selected key must occur at least once: catches a misspelled key in
    // configuration, which would otherwise silently drop a holiday.
    private static final int CHECK_FROM_YEAR = 2020;
    private static final int CHECK_TO_YEAR = 2039;

    private final String calendarCode;
    private final List<String> subdivisions;
    private final Set<String> propertyKeys;
    private final HolidayManager manager;

    private JollydayHolidays(String calendarCode, List<String> subdivisions, Set<String> propertyKeys) {
        this.calendarCode = calendarCode;
        this.subdivisions = subdivisions;
        this.propertyKeys = propertyKeys;
        this.manager = HolidayManager.getInstance(ManagerParameters.create(calendarCode));
    }

    /**
     * Obtains the holidays with the given keys of a Jollyday calendar.
     *
     * @param calendarCode the Jollyday calendar code, an ISO 3166-1 alpha-2 code in lower case
     *     ({@code us}, {@code ch}); case-insensitive
     * @param subdivisions the hierarchy below the country, e.g. {@code ["vd"]} for the canton of Vaud;
     *     empty for the national calendar
     * @param propertyKeys the Jollyday property keys of the holidays to keep ({@code NEW_YEAR},
     *     {@code christian.GOOD_FRIDAY}, ...); empty to keep every holiday the calendar lists, whatever
     *     its type
     * @return the holidays
     * @throws IllegalArgumentException if the calendar code or a subdivision is unknown to Jollyday, or a key never occurs
     *     in that calendar in the years 2020 to 2039 (a misspelling)
     */
    public static JollydayHolidays of(String calendarCode, List<String> subdivisions, Set<String> propertyKeys) {
        String code = Objects.requireNonNull(calendarCode, "calendarCode").toLowerCase(Locale.ROOT);
        List<String> subs = List.copyOf(Objects.requireNonNull(subdivisions, "subdivisions"));
        Set<String> keys = Set.copyOf(Objects.requireNonNull(propertyKeys, "propertyKeys"));
        if (!HolidayManager.getSupportedCalendarCodes().contains(code.toUpperCase(Locale.ROOT))) {
            throw new IllegalArgumentException("Jollyday has no holiday calendar '" + calendarCode + "'");
        }
        JollydayHolidays holidays = new JollydayHolidays(code, subs, keys);
        holidays.checkSubdivisionsExist();
        holidays.checkKeysExist();
        return holidays;
    }

    /**
     * Returns the major US holidays: {@link #US_MAJOR_KEYS} of Jollyday's {@code us} calendar, with
     * the observed dates.
     *
     * @return the major US holidays
     */
    public static JollydayHolidays usMajor() {
        return of("us", List.of(), US_MAJOR_KEYS);
    }

    /**
     * Returns the canton-Vaud holidays: {@link #SWISS_VAUD_KEYS} of Jollyday's {@code ch/vd} calendar.
     *
     * @return the canton-Vaud holidays
     */
    public static JollydayHolidays swissVaud() {
        return of("ch", List.of("vd"), SWISS_VAUD_KEYS);
    }

    // Jollyday silently ignores an unknown subdivision and answers with the national holidays.
    private void checkSubdivisionsExist() {
        CalendarHierarchy level = manager.getCalendarHierarchy();
        for (String subdivision : subdivisions) {
            CalendarHierarchy child = level.getChildren().get(subdivision);
            if (child == null) {
                throw new IllegalArgumentException("Jollyday calendar '" + calendarCode + "' has no subdivision '"
                        + subdivision + "' under '" + level.getId() + "'; known: " + new TreeSet<>(level.getChildren().keySet()));
            }
            level = child;
        }
    }

    private void checkKeysExist() {
        if (propertyKeys.isEmpty()) {
            return;
        }
        Set<String> missing = new TreeSet<>(propertyKeys);
        for (int year = CHECK_FROM_YEAR; year <= CHECK_TO_YEAR && !missing.isEmpty(); year++) {
            for (Holiday holiday : holidaysOf(year)) {
                missing.remove(holiday.getPropertiesKey());
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("Jollyday calendar '" + calendarCode + "' " + subdivisions
                    + " has no holiday with key(s) " + missing);
        }
    }

    @Override
    public Set<LocalDate> datesIn(int year) {
        Set<LocalDate> dates = new HashSet<>();
        for (int holidayYear = year - 1; holidayYear <= year + 1; holidayYear++) {
            for (Holiday holiday : holidaysOf(holidayYear)) {
                LocalDate date = holiday.getDate();
                if (date.getYear() == year && (propertyKeys.isEmpty() || propertyKeys.contains(holiday.getPropertiesKey()))) {
                    dates.add(date);
                }
            }
        }
        return dates;
    }

    private synchronized Set<Holiday> holidaysOf(int year) {
        return manager.getHolidays(Year.of(year), subdivisions.toArray(String[]::new));
    }

    /**
     * Returns the Jollyday calendar code.
     *
     * @return the code, lower case
     */
    public String calendarCode() {
        return calendarCode;
    }

    /**
     * Returns the subdivisions below the country.
     *
     * @return the subdivisions, e.g. {@code [vd]}; unmodifiable
     */
    public List<String> subdivisions() {
        return subdivisions;
    }

    /**
     * Returns the selected property keys.
     *
     * @return the keys, empty meaning every holiday; unmodifiable
     */
    public Set<String> propertyKeys() {
        return propertyKeys;
    }

    @Override
    public boolean equals(Object obj) {
        return obj instanceof JollydayHolidays other
                && calendarCode.equals(other.calendarCode)
                && subdivisions.equals(other.subdivisions)
                && propertyKeys.equals(other.propertyKeys);
    }

    @Override
    public int hashCode() {
        return Objects.hash(calendarCode, subdivisions, propertyKeys);
    }

    @Override
    public String toString() {
        return "Jollyday " + calendarCode + subdivisions + " " + new TreeSet<>(propertyKeys);
    }
}
