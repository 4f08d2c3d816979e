package io.slaplatform.slaclock.calendar;

import static io.slaplatform.slaclock.calendar.TestCalendars.EARLY_BIRD;
import static io.slaplatform.slaclock.calendar.TestCalendars.NIGHT_SHIFT;
import static io.slaplatform.slaclock.calendar.TestCalendars.SPLIT_DAY;
import static io.slaplatform.slaclock.calendar.TestCalendars.SWISS;
import static io.slaplatform.slaclock.calendar.TestCalendars.US_PACIFIC;
import static io.slaplatform.slaclock.calendar.TestCalendars.UTC_24X7;
import static io.slaplatform.slaclock.calendar.TestCalendars.ZURICH_24X7;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The rules of DESIGN.md ("Business calendars", "The SLA clock": Deadline, Warning) as hand-written
 * cases. Times without an offset are local to the calendar; those with an offset or {@code Z} pin the
 * exact instant (used around DST changes).
 */
class BusinessCalendarRulesTest {

    private static final Duration CRITICAL = Duration.ofHours(2);
    private static final Duration MAJOR = Duration.ofHours(4);
    private static final Duration MODERATE = Duration.ofHours(8);
    private static final Duration LIMITED = Duration.ofHours(12);

    /** A local date-time in the calendar's zone, or an exact instant when the text carries an offset. */
    static Instant time(BusinessCalendar calendar, String text) {
        if (text.endsWith("Z") || text.matches(".*T.*[+-]\\d\\d:\\d\\d$")) {
            return OffsetDateTime.parse(text).toInstant();
        }
        return LocalDateTime.parse(text).atZone(calendar.zone()).toInstant();
    }

    static Stream<Arguments> deadlines() {
        return Stream.of(
                // --- Friday-afternoon rollover (2026-11-27 is a Friday)
                arguments(SWISS, "2026-11-27T16:00", CRITICAL, "2026-11-30T10:00"),      // 1 h Fri + 1 h Mon
                arguments(SWISS, "2026-11-27T16:00", MAJOR, "2026-11-30T12:00"),         // 1 h Fri + 3 h Mon
                arguments(SWISS, "2026-11-27T16:00", MODERATE, "2026-11-30T16:00"),      // 1 h Fri + 7 h Mon
                arguments(SWISS, "2026-11-27T16:00", LIMITED, "2026-12-01T12:00"),       // 1 h Fri + 8 h Mon + 3 h Tue
                arguments(US_PACIFIC, "2026-11-20T16:00", CRITICAL, "2026-11-23T10:00"), // same in Los Angeles
                // --- all four impacts from a Monday opening (Zurich) and a Wednesday afternoon (Los Angeles)
                arguments(SWISS, "2026-11-30T09:00", CRITICAL, "2026-11-30T11:00"),
                arguments(SWISS, "2026-11-30T09:00", MAJOR, "2026-11-30T13:00"),
                arguments(SWISS, "2026-11-30T09:00", MODERATE, "2026-11-30T17:00"),      // a full day ends at closing
                arguments(SWISS, "2026-11-30T09:00", LIMITED, "2026-12-01T13:00"),
                arguments(US_PACIFIC, "2026-11-18T13:30", CRITICAL, "2026-11-18T15:30"),
                arguments(US_PACIFIC, "2026-11-18T13:30", MAJOR, "2026-11-19T09:30"),    // 3.5 h Wed + 0.5 h Thu
                arguments(US_PACIFIC, "2026-11-18T13:30", MODERATE, "2026-11-19T13:30"), // 3.5 h Wed + 4.5 h Thu
                arguments(US_PACIFIC, "2026-11-18T13:30", LIMITED, "2026-11-20T09:30"),  // 3.5 + 8 + 0.5 h
                // --- closing-time boundary: used up exactly at 17:00 is 17:00, not 09:00 next day
                arguments(SWISS, "2026-11-30T15:00", CRITICAL, "2026-11-30T17:00"),
                arguments(US_PACIFIC, "2026-11-30T09:00", MODERATE, "2026-11-30T17:00"),
                arguments(SWISS, "2026-11-30T16:59", Duration.ofMinutes(1), "2026-11-30T17:00"),
                arguments(SWISS, "2026-11-30T17:00", Duration.ofMinutes(1), "2026-12-01T09:01"), // at closing: next day
                arguments(SWISS, "2026-11-27T09:00", Duration.ofHours(16), "2026-11-30T17:00"), // Fri + Mon, ends Mon 17:00
                // --- weekend and night submissions accrue from the next opening
                arguments(SWISS, "2026-11-28T11:00", CRITICAL, "2026-11-30T11:00"),      // Saturday -> Monday 09:00 + 2 h
                arguments(US_PACIFIC, "2026-11-29T11:00", LIMITED, "2026-12-01T13:00"),  // Sunday
                arguments(SWISS, "2026-11-29T23:59", MAJOR, "2026-11-30T13:00"),         // Sunday night
                arguments(US_PACIFIC, "2026-11-24T02:00", CRITICAL, "2026-11-24T11:00"), // Tuesday night
                arguments(SWISS, "2026-11-30T07:00", MODERATE, "2026-11-30T17:00"),      // early morning
                arguments(US_PACIFIC, "2026-11-24T20:00", LIMITED, "2026-11-27T13:00"),  // evening; Thanksgiving skipped
                // --- zero target: the start itself, open or not
                arguments(SWISS, "2026-11-28T11:00", Duration.ZERO, "2026-11-28T11:00"),
                arguments(SWISS, "2026-11-30T10:00", Duration.ZERO, "2026-11-30T10:00"),
                // --- long targets, across weeks and the year end
                arguments(SWISS, "2026-11-30T09:00", Duration.ofHours(80), "2026-12-11T17:00"), // ten business days
                arguments(SWISS, "2026-12-24T09:00", Duration.ofHours(40), "2026-12-31T17:00"), // Christmas Friday skipped
                arguments(SWISS, "2026-12-24T09:00", Duration.ofHours(48), "2027-01-04T17:00"), // then 1 and 2 January
                arguments(US_PACIFIC, "2026-01-02T09:00", Duration.ofHours(2040), "2026-12-31T17:00"), // all of 2026's 255 days
                // --- sub-minute precision
                arguments(SWISS, "2026-11-30T16:59:59.999999999", Duration.ofNanos(1), "2026-11-30T17:00"),
                arguments(SWISS, "2026-11-30T16:59:59.999999999", Duration.ofNanos(2), "2026-12-01T09:00:00.000000001"),
                // --- 24x7 and split-day
                arguments(UTC_24X7, "2026-11-28T11:00", CRITICAL, "2026-11-28T13:00"),
                arguments(UTC_24X7, "2026-12-31T23:00", LIMITED, "2027-01-01T11:00"),
                arguments(SPLIT_DAY, "2026-11-28T11:00", CRITICAL, "2026-11-28T14:00"),  // Saturday: 1 h, lunch, 1 h
                arguments(SPLIT_DAY, "2026-11-30T11:00", Duration.ofHours(1), "2026-11-30T12:00"), // ends at lunch closing
                arguments(SPLIT_DAY, "2026-11-30T12:00", Duration.ofHours(1), "2026-11-30T14:00"),
                arguments(SPLIT_DAY, "2026-12-23T16:00", MODERATE, "2026-12-26T16:00"),  // 1 h; 24th, 25th closed; Sat 4 h + 3 h
                // --- DST changes, office hours (the wall clock rules; offsets pin the instants)
                arguments(SWISS, "2026-03-27T16:00", CRITICAL, "2026-03-30T10:00+02:00"),       // Zurich spring 2026-03-29
                arguments(SWISS, "2026-10-23T16:00", CRITICAL, "2026-10-26T10:00+01:00"),       // Zurich fall 2026-10-25
                arguments(US_PACIFIC, "2026-03-06T16:00", CRITICAL, "2026-03-09T10:00-07:00"),  // LA spring 2026-03-08
                arguments(US_PACIFIC, "2026-10-30T16:00", CRITICAL, "2026-11-02T10:00-08:00"),  // LA fall 2026-11-01
                arguments(SWISS, "2027-03-25T16:00", CRITICAL, "2027-03-30T10:00+02:00"),       // Easter + spring 2027-03-28
                arguments(SWISS, "2027-10-29T16:00", CRITICAL, "2027-11-01T10:00+01:00"),       // Zurich fall 2027-10-31
                arguments(US_PACIFIC, "2027-03-12T16:00", CRITICAL, "2027-03-15T10:00-07:00"),  // LA spring 2027-03-14
                arguments(US_PACIFIC, "2027-11-05T16:00", CRITICAL, "2027-11-08T10:00-08:00"),  // LA fall 2027-11-07
                arguments(SWISS, "2026-03-27T09:00", LIMITED, "2026-03-30T13:00+02:00"),
                // --- DST changes, 24x7 wall clock: 23-hour and 25-hour days
                arguments(ZURICH_24X7, "2026-03-29T00:00", Duration.ofHours(24), "2026-03-30T01:00+02:00"),
                arguments(ZURICH_24X7, "2026-10-25T00:00", Duration.ofHours(24), "2026-10-25T23:00+01:00"),
                arguments(ZURICH_24X7, "2026-03-29T01:30", Duration.ofHours(1), "2026-03-29T03:30+02:00"), // across the gap
                // --- weeks when US and European DST differ: same instant, both calendars
                arguments(SWISS, "2026-03-16T16:30Z", CRITICAL, "2026-03-17T10:00Z"),      // 17:30 CET: closed
                arguments(US_PACIFIC, "2026-03-16T16:30Z", CRITICAL, "2026-03-16T18:30Z"), // 09:30 PDT: open
                arguments(US_PACIFIC, "2026-03-02T16:30Z", CRITICAL, "2026-03-02T19:00Z"), // 08:30 PST, before US DST
                arguments(SWISS, "2026-10-26T16:30Z", CRITICAL, "2026-10-27T10:00Z"),      // 17:30 CET: closed
                arguments(US_PACIFIC, "2026-10-26T16:30Z", CRITICAL, "2026-10-26T18:30Z"), // 09:30 PDT: open
                arguments(US_PACIFIC, "2026-11-02T16:30Z", CRITICAL, "2026-11-02T19:00Z")  // 08:30 PST, after US DST
        );
    }

    @ParameterizedTest(name = "{0}: {1} + {2} -> {3}")
    @MethodSource
    void deadlines(BusinessCalendar calendar, String start, Duration target, String expected) {
        Instant startInstant = time(calendar, start);
        Instant deadline = calendar.deadline(startInstant, target);

        assertThat(deadline.atZone(calendar.zone())).isEqualTo(time(calendar, expected).atZone(calendar.zone()));
        assertThat(calendar.businessTimeBetween(startInstant, deadline)).isEqualTo(target);
    }

    /** A CRITICAL request at 16:00 on the business day before each holiday of 2026 and 2027. */
    static Stream<Arguments> holidays() {
        return Stream.of(
                // --- US major holidays 2026
                arguments(US_PACIFIC, "2025-12-31T16:00", "2026-01-02T10:00"), // New Year's Day, Thu
                arguments(US_PACIFIC, "2026-05-22T16:00", "2026-05-26T10:00"), // Memorial Day, Mon 05-25
                arguments(US_PACIFIC, "2026-07-02T16:00", "2026-07-06T10:00"), // Independence Day Sat -> observed Fri 07-03
                arguments(US_PACIFIC, "2026-09-04T16:00", "2026-09-08T10:00"), // Labor Day, Mon 09-07
                arguments(US_PACIFIC, "2026-11-25T16:00", "2026-11-27T10:00"), // Thanksgiving, Thu 11-26
                arguments(US_PACIFIC, "2026-12-24T16:00", "2026-12-28T10:00"), // Christmas, Fri 12-25
                // --- US major holidays 2027
                arguments(US_PACIFIC, "2026-12-31T16:00", "2027-01-04T10:00"), // New Year's Day, Fri
                arguments(US_PACIFIC, "2027-05-28T16:00", "2027-06-01T10:00"), // Memorial Day, Mon 05-31
                arguments(US_PACIFIC, "2027-07-02T16:00", "2027-07-06T10:00"), // Independence Day Sun -> observed Mon 07-05
                arguments(US_PACIFIC, "2027-09-03T16:00", "2027-09-07T10:00"), // Labor Day, Mon 09-06
                arguments(US_PACIFIC, "2027-11-24T16:00", "2027-11-26T10:00"), // Thanksgiving, Thu 11-25
                arguments(US_PACIFIC, "2027-12-23T16:00", "2027-12-27T10:00"), // Christmas Sat -> observed Fri 12-24
                arguments(US_PACIFIC, "2027-12-30T16:00", "2028-01-03T10:00"), // New Year 2028 Sat -> observed Fri 2027-12-31
                // --- US observed days in the neighbouring years
                arguments(US_PACIFIC, "2021-12-30T16:00", "2022-01-03T10:00"), // New Year 2022 Sat -> observed Fri 2021-12-31
                arguments(US_PACIFIC, "2022-12-23T16:00", "2022-12-27T10:00"), // Christmas 2022 Sun -> observed Mon 12-26
                // --- canton Vaud 2026
                arguments(SWISS, "2025-12-31T16:00", "2026-01-05T10:00"), // 1 and 2 January, Thu and Fri
                arguments(SWISS, "2026-04-02T16:00", "2026-04-07T10:00"), // Good Friday 04-03 to Easter Monday 04-06
                arguments(SWISS, "2026-05-13T16:00", "2026-05-15T10:00"), // Ascension Day, Thu 05-14
                arguments(SWISS, "2026-05-22T16:00", "2026-05-26T10:00"), // Whit Monday 05-25
                arguments(SWISS, "2026-07-31T16:00", "2026-08-03T10:00"), // 1 August is a Saturday: no shifting
                arguments(SWISS, "2026-09-18T16:00", "2026-09-22T10:00"), // Federal Fast Monday 09-21
                arguments(SWISS, "2026-12-24T16:00", "2026-12-28T10:00"), // Christmas, Fri 12-25
                // --- canton Vaud 2027
                arguments(SWISS, "2026-12-31T16:00", "2027-01-04T10:00"), // 1 January Fri, 2 January Sat
                arguments(SWISS, "2027-03-25T16:00", "2027-03-30T10:00"), // Good Friday 03-26 to Easter Monday 03-29
                arguments(SWISS, "2027-05-05T16:00", "2027-05-07T10:00"), // Ascension Day, Thu 05-06
                arguments(SWISS, "2027-05-14T16:00", "2027-05-18T10:00"), // Whit Monday 05-17
                arguments(SWISS, "2027-07-30T16:00", "2027-08-02T10:00"), // 1 August is a Sunday: Monday is open
                arguments(SWISS, "2027-09-17T16:00", "2027-09-21T10:00"), // Federal Fast Monday 09-20
                arguments(SWISS, "2027-12-24T16:00", "2027-12-27T10:00")  // Christmas is a Saturday: Monday is open
        );
    }

    @ParameterizedTest(name = "{0}: CRITICAL at {1} -> {2}")
    @MethodSource
    void holidays(BusinessCalendar calendar, String start, String expected) {
        assertThat(calendar.deadline(time(calendar, start), CRITICAL)).isEqualTo(time(calendar, expected));
    }

    static Stream<Arguments> closedAllDay() {
        return Stream.of(
                // --- us-pacific, observed dates
                arguments(US_PACIFIC, "2026-01-01"), arguments(US_PACIFIC, "2026-05-25"),
                arguments(US_PACIFIC, "2026-07-03"), arguments(US_PACIFIC, "2026-09-07"),
                arguments(US_PACIFIC, "2026-11-26"), arguments(US_PACIFIC, "2026-12-25"),
                arguments(US_PACIFIC, "2027-01-01"), arguments(US_PACIFIC, "2027-05-31"),
                arguments(US_PACIFIC, "2027-07-05"), arguments(US_PACIFIC, "2027-09-06"),
                arguments(US_PACIFIC, "2027-11-25"), arguments(US_PACIFIC, "2027-12-24"),
                arguments(US_PACIFIC, "2027-12-31"), arguments(US_PACIFIC, "2021-12-31"),
                arguments(US_PACIFIC, "2022-12-26"),
                // --- swiss, canton Vaud
                arguments(SWISS, "2026-01-01"), arguments(SWISS, "2026-01-02"), arguments(SWISS, "2026-04-03"),
                arguments(SWISS, "2026-04-06"), arguments(SWISS, "2026-05-14"), arguments(SWISS, "2026-05-25"),
                arguments(SWISS, "2026-09-21"), arguments(SWISS, "2026-12-25"),
                arguments(SWISS, "2027-01-01"), arguments(SWISS, "2027-03-26"), arguments(SWISS, "2027-03-29"),
                arguments(SWISS, "2027-05-06"), arguments(SWISS, "2027-05-17"), arguments(SWISS, "2027-09-20"),
                // --- a company closure date on an otherwise open day
                arguments(SPLIT_DAY, "2026-12-24")
        );
    }

    @ParameterizedTest(name = "{0} closed on {1}")
    @MethodSource
    void closedAllDay(BusinessCalendar calendar, String date) {
        LocalDate day = LocalDate.parse(date);
        Instant from = day.atStartOfDay(calendar.zone()).toInstant();
        Instant to = day.plusDays(1).atStartOfDay(calendar.zone()).toInstant();

        assertThat(calendar.isClosureDate(day)).isTrue();
        assertThat(calendar.businessTimeBetween(from, to)).isZero();
        assertThat(calendar.isOpen(time(calendar, date + "T12:00"))).isFalse();
    }

    static Stream<Arguments> openDespiteOtherHolidays() {
        return Stream.of(
                arguments(US_PACIFIC, "2026-01-19"), // Martin Luther King Day: federal, not a major holiday here
                arguments(US_PACIFIC, "2026-02-16"), // Presidents Day
                arguments(US_PACIFIC, "2026-06-19"), // Juneteenth
                arguments(US_PACIFIC, "2026-11-11"), // Veterans Day
                arguments(US_PACIFIC, "2026-07-06"), // the Monday after an observed Friday is open
                arguments(SWISS, "2026-12-28"),      // Monday after Christmas (26 December is no Vaud holiday)
                arguments(SWISS, "2026-08-03"),      // no Monday substitute for 1 August on a Saturday
                arguments(SWISS, "2027-08-02"),      // nor on a Sunday
                arguments(SWISS, "2027-12-27"),      // nor for Christmas on a Saturday
                arguments(SWISS, "2026-12-24")       // Christmas Eve
        );
    }

    @ParameterizedTest(name = "{0} open on {1}")
    @MethodSource
    void openDespiteOtherHolidays(BusinessCalendar calendar, String date) {
        LocalDate day = LocalDate.parse(date);

        assertThat(calendar.isClosureDate(day)).isFalse();
        assertThat(calendar.businessTimeBetween(day.atStartOfDay(calendar.zone()).toInstant(),
                day.plusDays(1).atStartOfDay(calendar.zone()).toInstant())).isEqualTo(Duration.ofHours(8));
    }

    static Stream<Arguments> businessTimeBetween() {
        return Stream.of(
                arguments(SWISS, "2026-11-27T16:00", "2026-11-30T10:00", Duration.ofHours(2)),    // over a weekend
                arguments(SWISS, "2026-11-30T09:00", "2026-11-30T17:00", Duration.ofHours(8)),    // one full day
                arguments(SWISS, "2026-11-30T10:15", "2026-11-30T10:15", Duration.ZERO),          // empty range
                arguments(SWISS, "2026-11-28T00:00", "2026-11-30T00:00", Duration.ZERO),          // a weekend
                arguments(SWISS, "2026-11-30T00:00", "2026-12-07T00:00", Duration.ofHours(40)),   // a week
                arguments(SWISS, "2026-12-21T00:00", "2026-12-28T00:00", Duration.ofHours(32)),   // Christmas week
                arguments(US_PACIFIC, "2026-06-29T00:00", "2026-07-06T00:00", Duration.ofHours(32)), // observed 07-03
                arguments(SWISS, "2026-01-01T00:00", "2027-01-01T00:00", Duration.ofHours(2024)),  // 253 business days
                arguments(US_PACIFIC, "2026-01-01T00:00", "2027-01-01T00:00", Duration.ofHours(2040)), // 255 days
                arguments(UTC_24X7, "2026-01-01T00:00", "2027-01-01T00:00", Duration.ofHours(8760)),
                arguments(SPLIT_DAY, "2026-11-30T00:00", "2026-12-07T00:00", Duration.ofHours(48)), // 6 days x 8 h
                arguments(SPLIT_DAY, "2026-11-30T11:30", "2026-11-30T13:30", Duration.ofHours(1)),  // lunch excluded
                // --- DST on the wall clock
                arguments(SWISS, "2026-03-27T00:00", "2026-03-31T00:00", Duration.ofHours(16)),   // office hours unaffected
                arguments(ZURICH_24X7, "2026-03-29T00:00", "2026-03-30T00:00", Duration.ofHours(23)),
                arguments(ZURICH_24X7, "2026-10-25T00:00", "2026-10-26T00:00", Duration.ofHours(25)),
                arguments(NIGHT_SHIFT, "2026-03-08T00:00", "2026-03-08T12:00", Duration.ofMinutes(30)), // 02:30 is skipped
                arguments(NIGHT_SHIFT, "2026-11-01T00:00", "2026-11-01T12:00", Duration.ofMinutes(90)), // 01:30-02:00 twice
                arguments(NIGHT_SHIFT, "2026-11-02T00:00", "2026-11-02T12:00", Duration.ofMinutes(60)), // an ordinary night
                arguments(EARLY_BIRD, "2026-03-08T00:00", "2026-03-08T12:00", Duration.ofMinutes(60)),  // opens at 03:00 PDT
                arguments(EARLY_BIRD, "2026-03-09T00:00", "2026-03-09T12:00", Duration.ofMinutes(90))
        );
    }

    @ParameterizedTest(name = "{0}: [{1}, {2}) = {3}")
    @MethodSource
    void businessTimeBetween(BusinessCalendar calendar, String from, String to, Duration expected) {
        assertThat(calendar.businessTimeBetween(time(calendar, from), time(calendar, to))).isEqualTo(expected);
    }

    static Stream<Arguments> openingAndClosing() {
        return Stream.of(
                // calendar, instant, open?, next opening (strictly after), next closing (strictly after)
                arguments(SWISS, "2026-11-30T09:00", true, "2026-12-01T09:00", "2026-11-30T17:00"),  // an opening is open
                arguments(SWISS, "2026-11-30T08:59:59.999999999", false, "2026-11-30T09:00", "2026-11-30T17:00"),
                arguments(SWISS, "2026-11-30T16:59:59.999999999", true, "2026-12-01T09:00", "2026-11-30T17:00"),
                arguments(SWISS, "2026-11-30T17:00", false, "2026-12-01T09:00", "2026-12-01T17:00"), // a closing is closed
                arguments(SWISS, "2026-11-27T17:00", false, "2026-11-30T09:00", "2026-11-30T17:00"), // Friday evening
                arguments(SWISS, "2026-11-28T12:00", false, "2026-11-30T09:00", "2026-11-30T17:00"), // Saturday
                arguments(SWISS, "2026-12-24T12:00", true, "2026-12-28T09:00", "2026-12-24T17:00"),  // before Christmas
                arguments(SWISS, "2026-12-25T12:00", false, "2026-12-28T09:00", "2026-12-28T17:00"), // Christmas
                arguments(SWISS, "2026-12-31T17:00", false, "2027-01-04T09:00", "2027-01-04T17:00"), // 1 and 2 January
                arguments(US_PACIFIC, "2026-07-02T12:00", true, "2026-07-06T09:00", "2026-07-02T17:00"),
                arguments(US_PACIFIC, "2026-07-03T10:00", false, "2026-07-06T09:00", "2026-07-06T17:00"), // observed 4 July
                arguments(US_PACIFIC, "2021-12-31T10:00", false, "2022-01-03T09:00", "2022-01-03T17:00"), // observed New Year
                arguments(US_PACIFIC, "2026-06-19T10:00", true, "2026-06-22T09:00", "2026-06-19T17:00"), // Juneteenth open
                arguments(SPLIT_DAY, "2026-11-30T10:00", true, "2026-11-30T13:00", "2026-11-30T12:00"),
                arguments(SPLIT_DAY, "2026-11-30T12:00", false, "2026-11-30T13:00", "2026-11-30T17:00"), // lunch
                arguments(SPLIT_DAY, "2026-11-28T15:00", true, "2026-11-30T08:00", "2026-11-28T17:00"), // Saturday open
                arguments(UTC_24X7, "2026-11-28T15:00", true, null, null),                                // never closes
                // --- DST: gap and overlap on the wall clock (Los Angeles)
                arguments(NIGHT_SHIFT, "2026-11-01T08:45Z", true, "2026-11-01T09:30Z", "2026-11-01T09:00Z"),  // 01:45 PDT
                arguments(NIGHT_SHIFT, "2026-11-01T09:15Z", false, "2026-11-01T09:30Z", "2026-11-01T10:30Z"), // 01:15 PST
                arguments(NIGHT_SHIFT, "2026-03-08T09:45Z", true, "2026-03-09T05:00Z", "2026-03-08T10:00Z"),  // 01:45 PST
                arguments(EARLY_BIRD, "2026-03-08T09:59Z", false, "2026-03-08T10:00Z", "2026-03-08T11:00Z"),  // opens at 03:00 PDT
                // --- weeks when US and European DST differ: one instant, 16:30Z on a Tuesday
                arguments(SWISS, "2026-03-17T16:30Z", false, "2026-03-18T08:00Z", "2026-03-18T16:00Z"),     // 17:30 CET
                arguments(US_PACIFIC, "2026-03-17T16:30Z", true, "2026-03-18T16:00Z", "2026-03-18T00:00Z"), // 09:30 PDT
                arguments(US_PACIFIC, "2026-03-03T16:30Z", false, "2026-03-03T17:00Z", "2026-03-04T01:00Z"), // 08:30 PST
                arguments(SWISS, "2026-10-27T16:30Z", false, "2026-10-28T08:00Z", "2026-10-28T16:00Z"),     // 17:30 CET
                arguments(US_PACIFIC, "2026-10-27T16:30Z", true, "2026-10-28T16:00Z", "2026-10-28T00:00Z"), // 09:30 PDT
                arguments(US_PACIFIC, "2026-11-03T16:30Z", false, "2026-11-03T17:00Z", "2026-11-04T01:00Z")  // 08:30 PST
        );
    }

    @ParameterizedTest(name = "{0} at {1}: open={2}, next opening {3}, next closing {4}")
    @MethodSource
    void openingAndClosing(BusinessCalendar calendar, String at, boolean open, String nextOpening, String nextClosing) {
        Instant instant = time(calendar, at);

        assertThat(calendar.isOpen(instant)).isEqualTo(open);
        assertThat(calendar.nextOpening(instant)).isEqualTo(Optional.ofNullable(nextOpening).map(t -> time(calendar, t)));
        assertThat(calendar.nextClosing(instant)).isEqualTo(Optional.ofNullable(nextClosing).map(t -> time(calendar, t)));
    }

    static Stream<Arguments> warnings() {
        return Stream.of(
                // calendar, start, target, share, warning, deadline
                arguments(SWISS, "2026-11-30T09:00", CRITICAL, 0.75, "2026-11-30T10:30", "2026-11-30T11:00"), // 30 min before
                arguments(SWISS, "2026-11-30T09:00", LIMITED, 0.75, "2026-12-01T10:00", "2026-12-01T13:00"),  // 3 h before
                arguments(SWISS, "2026-11-27T16:00", CRITICAL, 0.75, "2026-11-30T09:30", "2026-11-30T10:00"), // over a weekend
                arguments(SWISS, "2026-11-27T16:00", LIMITED, 0.75, "2026-11-30T17:00", "2026-12-01T12:00"),  // at a closing
                arguments(US_PACIFIC, "2026-11-25T16:00", MAJOR, 0.75, "2026-11-27T11:00", "2026-11-27T12:00"), // Thanksgiving
                arguments(SWISS, "2026-11-30T09:00", CRITICAL, 0.8, "2026-11-30T10:36", "2026-11-30T11:00"),
                arguments(SWISS, "2026-11-30T09:00", CRITICAL, 1.0, "2026-11-30T11:00", "2026-11-30T11:00"),  // the deadline
                arguments(SWISS, "2026-11-30T09:00", Duration.ofNanos(3), 0.5, "2026-11-30T09:00:00.000000002",
                        "2026-11-30T09:00:00.000000003") // rounded up to a whole nanosecond
        );
    }

    @ParameterizedTest(name = "{0}: {2} from {1}, {3} -> {4}")
    @MethodSource
    void warnings(BusinessCalendar calendar, String start, Duration target, double share, String warning, String deadline) {
        Instant startInstant = time(calendar, start);
        Instant warningInstant = calendar.instantAtShare(startInstant, target, share);

        assertThat(warningInstant).isEqualTo(time(calendar, warning));
        assertThat(calendar.deadline(startInstant, target)).isEqualTo(time(calendar, deadline));
    }

    @Test
    void warningIsThirtyBusinessMinutesBeforeCriticalAndThreeHoursBeforeLimited() {
        Instant start = time(SWISS, "2026-11-27T16:30");

        assertThat(SWISS.businessTimeBetween(SWISS.instantAtShare(start, CRITICAL, 0.75), SWISS.deadline(start, CRITICAL)))
                .isEqualTo(Duration.ofMinutes(30));
        assertThat(SWISS.businessTimeBetween(SWISS.instantAtShare(start, LIMITED, 0.75), SWISS.deadline(start, LIMITED)))
                .isEqualTo(Duration.ofHours(3));
    }

    @Test
    void extraClosureDatesCloseTheCalendar() {
        BusinessCalendar withBridgeDay = StandardCalendars.swiss(Set.of(LocalDate.of(2026, 5, 15)));

        // Ascension Thursday is a holiday and the Friday after a company day off.
        assertThat(withBridgeDay.deadline(time(SWISS, "2026-05-13T16:00"), CRITICAL)).isEqualTo(time(SWISS, "2026-05-18T10:00"));
        assertThat(SWISS.deadline(time(SWISS, "2026-05-13T16:00"), CRITICAL)).isEqualTo(time(SWISS, "2026-05-15T10:00"));
        assertThat(withBridgeDay.extraClosureDates()).containsExactly(LocalDate.of(2026, 5, 15));
        assertThat(withBridgeDay).isNotEqualTo(SWISS).isEqualTo(StandardCalendars.swiss(Set.of(LocalDate.of(2026, 5, 15))));
    }

    @Test
    void rejectsInvalidArguments() {
        Instant start = time(SWISS, "2026-11-30T09:00");

        assertThatThrownBy(() -> SWISS.deadline(start, Duration.ofMinutes(-1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SWISS.businessTimeBetween(start, start.minusNanos(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SWISS.instantAtShare(start, CRITICAL, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SWISS.instantAtShare(start, CRITICAL, 1.01)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SWISS.instantAtShare(start, CRITICAL, Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SWISS.deadline(Instant.parse("+10000-01-01T00:00:00Z"), CRITICAL))
                .isInstanceOf(DateTimeException.class);
        assertThatThrownBy(() -> SWISS.isOpen(Instant.MIN)).isInstanceOf(DateTimeException.class);
        assertThatThrownBy(() -> SWISS.deadline(null, CRITICAL)).isInstanceOf(NullPointerException.class).hasMessage("start");
        assertThatThrownBy(() -> BusinessCalendar.of(" ", TestCalendars.ZURICH, WeeklySchedule.alwaysOpen()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void calendarThatNeverOpensHasNoDeadlineButAnswersEverythingElse() {
        BusinessCalendar closed = BusinessCalendar.of("closed", TestCalendars.ZURICH, WeeklySchedule.parse("CLOSED"));
        Instant start = time(closed, "2026-11-30T09:00");

        assertThatThrownBy(() -> closed.deadline(start, CRITICAL)).isInstanceOf(DateTimeException.class);
        assertThat(closed.deadline(start, Duration.ZERO)).isEqualTo(start);
        assertThat(closed.isOpen(start)).isFalse();
        assertThat(closed.nextOpening(start)).isEmpty();
        assertThat(closed.nextClosing(start)).isEmpty();
        assertThat(closed.businessTimeBetween(start, start.plus(Duration.ofDays(3000)))).isZero();
    }

    @Test
    void worksFarFromTodayAndAcrossCacheSlots() {
        // Chunks 512 apart share a cache slot: alternate between them and check nothing leaks across.
        Instant early = time(UTC_24X7, "1900-06-01T00:00");
        Instant late = early.plusSeconds(512L << 25);
        for (int i = 0; i < 3; i++) {
            assertThat(SWISS.deadline(time(SWISS, "1900-06-08T16:00"), CRITICAL)).isEqualTo(time(SWISS, "1900-06-11T10:00"));
            assertThat(SWISS.isOpen(late)).isEqualTo(SWISS.isOpen(late));
            assertThat(UTC_24X7.deadline(early, Duration.ofDays(365 * 200))).isEqualTo(early.plus(Duration.ofDays(365 * 200)));
        }
        assertThat(UTC_24X7.businessTimeBetween(BusinessCalendar.MIN_SUPPORTED, BusinessCalendar.MAX_SUPPORTED))
                .isEqualTo(Duration.between(BusinessCalendar.MIN_SUPPORTED, BusinessCalendar.MAX_SUPPORTED));
    }

    @Test
    void describesItself() {
        assertThat(SWISS.id()).isEqualTo("swiss");
        assertThat(SWISS.toString()).contains("swiss", "Europe/Zurich", "MON-FRI 09:00-17:00", "Vaud");
        assertThat(StandardCalendars.swiss()).isEqualTo(SWISS).hasSameHashCodeAs(SWISS);
        assertThat(SWISS.withId("other")).isNotEqualTo(SWISS);
        assertThat(UTC_24X7.schedule()).isEqualTo(WeeklySchedule.parse("MON-SUN 00:00-24:00"));
    }
}
