package io.slaplatform.slaclock.calendar;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;

/** Calendars shared by the calendar tests, beside the standard ones. */
final class TestCalendars {

    static final ZoneId ZURICH = ZoneId.of("Europe/Zurich");
    static final ZoneId LOS_ANGELES = ZoneId.of("America/Los_Angeles");

    static final BusinessCalendar US_PACIFIC = StandardCalendars.usPacific();
    static final BusinessCalendar SWISS = StandardCalendars.swiss();
    static final BusinessCalendar UTC_24X7 = StandardCalendars.alwaysOpenUtc();

    /** Lunch break, open on Saturdays, Swiss holidays plus two company days off. */
    static final BusinessCalendar SPLIT_DAY = BusinessCalendar.of("split-day", ZURICH,
            WeeklySchedule.parse("MON-SAT 08:00-12:00,13:00-17:00"), HolidaySet.swissVaud(),
            Set.of(LocalDate.of(2026, 12, 24), LocalDate.of(2027, 12, 31)));

    /**
     * Every night, with bounds inside the Los Angeles DST gap (02:30, skipped in March) and overlap
     * (01:30, repeated in November), and the major US holidays.
     */
    static final BusinessCalendar NIGHT_SHIFT = BusinessCalendar.of("night-shift", LOS_ANGELES,
            WeeklySchedule.parse("MON-SUN 01:30-02:30,22:00-24:00"), HolidaySet.usMajor(), Set.of());

    /** 24x7 on the Zurich wall clock: 23-hour and 25-hour days at the DST changes. */
    static final BusinessCalendar ZURICH_24X7 = BusinessCalendar.of("24x7-zurich", ZURICH, WeeklySchedule.alwaysOpen());

    /** Opens at 02:30 every day: inside the Los Angeles spring-forward gap. */
    static final BusinessCalendar EARLY_BIRD = BusinessCalendar.of("early-bird", LOS_ANGELES,
            WeeklySchedule.parse("MON-SUN 02:30-04:00"));

    /** The calendars of the differential and property tests. */
    static final List<BusinessCalendar> MIX = List.of(US_PACIFIC, SWISS, UTC_24X7, SPLIT_DAY, NIGHT_SHIFT, ZURICH_24X7);

    private TestCalendars() {
    }

    /** The instant of a local date-time in a calendar's zone (earlier offset in an overlap). */
    static Instant at(BusinessCalendar calendar, String localDateTime) {
        return LocalDateTime.parse(localDateTime).atZone(calendar.zone()).toInstant();
    }
}
