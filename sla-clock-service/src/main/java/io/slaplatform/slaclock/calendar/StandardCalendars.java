package io.slaplatform.slaclock.calendar;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.Set;

/**
 * The business calendars of the support terms, and a 24x7 example, as factories for configuration
 * to start from.
 *
 * <table>
 *   <caption>Standard calendars</caption>
 *   <tr><th>id</th><th>zone</th><th>open</th><th>closed on</th></tr>
 *   <tr><td>{@value #US_PACIFIC}</td><td>America/Los_Angeles</td><td>Mon-Fri 09:00-17:00</td>
 *       <td>{@link HolidaySet#usMajor() major US holidays}, observed dates</td></tr>
 *   <tr><td>{@value #SWISS}</td><td>Europe/Zurich</td><td>Mon-Fri 09:00-17:00</td>
 *       <td>{@link HolidaySet#swissVaud() canton-Vaud holidays}</td></tr>
 *   <tr><td>{@value #ALWAYS_OPEN_UTC}</td><td>UTC</td><td>every day 00:00-24:00</td><td>nothing</td></tr>
 * </table>
 *
 * <p>Each call returns a new calendar (with its own caches); the holiday sets are shared. Thread-safe.
 */
public final class StandardCalendars {

    /** Id of the North-American calendar. */
    public static final String US_PACIFIC = "us-pacific";
    /** Id of the Swiss calendar. */
    public static final String SWISS = "swiss";
    /** Id of the 24x7 UTC example calendar. */
    public static final String ALWAYS_OPEN_UTC = "24x7-utc";

    private static final WeeklySchedule OFFICE_HOURS = WeeklySchedule.of(
            EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), OpenInterval.of(LocalTime.of(9, 0), LocalTime.of(17, 0)));

    private StandardCalendars() {
    }

    /**
     * Returns the office hours of the support terms: Monday to Friday, 09:00-17:00 local wall-clock time.
     *
     * @return the schedule
     */
    public static WeeklySchedule officeHours() {
        return OFFICE_HOURS;
    }

    /**
     * Returns the {@value #US_PACIFIC} calendar: America/Los_Angeles, Monday to Friday 09:00-17:00,
     * closed on the major US holidays (observed dates).
     *
     * @return the calendar
     */
    public static BusinessCalendar usPacific() {
        return usPacific(Set.of());
    }

    /**
     * Returns the {@value #US_PACIFIC} calendar with extra closure dates.
     *
     * @param extraClosureDates company days off, local dates in America/Los_Angeles
     * @return the calendar
     */
    public static BusinessCalendar usPacific(Set<LocalDate> extraClosureDates) {
        return BusinessCalendar.of(US_PACIFIC, ZoneId.of("America/Los_Angeles"), OFFICE_HOURS,
                HolidaySet.usMajor(), extraClosureDates);
    }

    /**
     * Returns the {@value #SWISS} calendar: Europe/Zurich, Monday to Friday 09:00-17:00, closed on the
     * public holidays of the canton of Vaud.
     *
     * @return the calendar
     */
    public static BusinessCalendar swiss() {
        return swiss(Set.of());
    }

    /**
     * Returns the {@value #SWISS} calendar with extra closure dates.
     *
     * @param extraClosureDates company days off, local dates in Europe/Zurich
     * @return the calendar
     */
    public static BusinessCalendar swiss(Set<LocalDate> extraClosureDates) {
        return BusinessCalendar.of(SWISS, ZoneId.of("Europe/Zurich"), OFFICE_HOURS,
                HolidaySet.swissVaud(), extraClosureDates);
    }

    /**
     * Returns the {@value #ALWAYS_OPEN_UTC} example calendar: open all the time, in UTC, no holidays.
     *
     * @return the calendar
     */
    public static BusinessCalendar alwaysOpenUtc() {
        return BusinessCalendar.of(ALWAYS_OPEN_UTC, ZoneOffset.UTC, WeeklySchedule.alwaysOpen());
    }
}
