package io.slaplatform.slaclock.calendar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.Month;
import java.time.temporal.TemporalAdjusters;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The holiday sets of DESIGN.md from Jollyday, against dates written out by hand. */
class HolidaySetTest {

    static Stream<Arguments> expectedHolidays() {
        return Stream.of(
                // --- major US holidays, observed dates
                arguments(HolidaySet.usMajor(), 2026, dates(
                        "2026-01-01",   // New Year's Day, Thursday
                        "2026-05-25",   // Memorial Day, last Monday of May
                        "2026-07-03",   // Independence Day, Saturday 07-04 -> Friday before
                        "2026-09-07",   // Labor Day, first Monday of September
                        "2026-11-26",   // Thanksgiving, fourth Thursday of November
                        "2026-12-25")), // Christmas Day, Friday
                arguments(HolidaySet.usMajor(), 2027, dates(
                        "2027-01-01",   // New Year's Day, Friday
                        "2027-05-31",   // Memorial Day
                        "2027-07-05",   // Independence Day, Sunday 07-04 -> Monday after
                        "2027-09-06",   // Labor Day
                        "2027-11-25",   // Thanksgiving
                        "2027-12-24",   // Christmas Day, Saturday -> Friday before
                        "2027-12-31")), // New Year's Day 2028, Saturday -> Friday before, in 2027
                arguments(HolidaySet.usMajor(), 2021, dates(
                        "2021-01-01", "2021-05-31",
                        "2021-07-05",   // Independence Day, Sunday -> Monday
                        "2021-09-06", "2021-11-25",
                        "2021-12-24",   // Christmas Day, Saturday -> Friday
                        "2021-12-31")), // New Year's Day 2022, Saturday -> Friday 2021-12-31
                arguments(HolidaySet.usMajor(), 2022, dates(
                        // no New Year's Day in 2022 itself: it was observed on 2021-12-31
                        "2022-05-30", "2022-07-04", "2022-09-05", "2022-11-24",
                        "2022-12-26")), // Christmas Day, Sunday -> Monday after
                // --- canton Vaud, never shifted
                arguments(HolidaySet.swissVaud(), 2026, dates(
                        "2026-01-01",   // New Year's Day
                        "2026-01-02",   // Berchtold's Day
                        "2026-04-03",   // Good Friday
                        "2026-04-06",   // Easter Monday
                        "2026-05-14",   // Ascension Day
                        "2026-05-25",   // Whit Monday
                        "2026-08-01",   // Swiss National Day, a Saturday: kept, not moved
                        "2026-09-21",   // Federal Fast Monday (Jollyday: OBSERVANCE)
                        "2026-12-25")), // Christmas Day
                arguments(HolidaySet.swissVaud(), 2027, dates(
                        "2027-01-01", "2027-01-02", // the 2nd is a Saturday: not moved
                        "2027-03-26",   // Good Friday
                        "2027-03-29",   // Easter Monday
                        "2027-05-06",   // Ascension Day
                        "2027-05-17",   // Whit Monday
                        "2027-08-01",   // Swiss National Day, a Sunday
                        "2027-09-20",   // Federal Fast Monday
                        "2027-12-25"))  // Christmas Day, a Saturday
        );
    }

    @ParameterizedTest(name = "{0} in {1}")
    @MethodSource
    void expectedHolidays(HolidaySet holidays, int year, Set<LocalDate> expected) {
        assertThat(holidays.datesIn(year)).containsExactlyElementsOf(expected.stream().sorted().toList());
        for (LocalDate date : expected) {
            assertThat(holidays.contains(date)).as("%s", date).isTrue();
        }
    }

    @Test
    void federalFastMondayIsTheMondayAfterTheThirdSundayOfSeptember() {
        for (int year = 2020; year <= 2040; year++) {
            LocalDate thirdSunday = LocalDate.of(year, Month.SEPTEMBER, 1)
                    .with(TemporalAdjusters.dayOfWeekInMonth(3, DayOfWeek.SUNDAY));
            assertThat(HolidaySet.swissVaud().contains(thirdSunday.plusDays(1))).as("%d", year).isTrue();
        }
    }

    @Test
    void usHolidaysOnAWeekendAreObservedOnTheNearestWeekday() {
        for (int year = 2020; year <= 2040; year++) {
            for (LocalDate date : HolidaySet.usMajor().datesIn(year)) {
                assertThat(date.getDayOfWeek()).as("%s", date).isNotIn(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY);
            }
            assertThat(HolidaySet.usMajor().datesIn(year)).as("%d", year).hasSizeBetween(5, 7);
        }
    }

    @Test
    void otherFederalHolidaysAreNotMajor() {
        assertThat(HolidaySet.usMajor().contains(LocalDate.of(2026, 1, 19))).isFalse();  // Martin Luther King Day
        assertThat(HolidaySet.usMajor().contains(LocalDate.of(2026, 2, 16))).isFalse();  // Presidents Day
        assertThat(HolidaySet.usMajor().contains(LocalDate.of(2026, 6, 19))).isFalse();  // Juneteenth
        assertThat(HolidaySet.usMajor().contains(LocalDate.of(2026, 10, 12))).isFalse(); // Columbus Day
        assertThat(HolidaySet.usMajor().contains(LocalDate.of(2026, 11, 11))).isFalse(); // Veterans Day
        assertThat(HolidaySet.swissVaud().contains(LocalDate.of(2026, 4, 5))).isFalse(); // Easter Sunday: left out
        assertThat(HolidaySet.swissVaud().contains(LocalDate.of(2026, 12, 26))).isFalse(); // St Stephen: not in Vaud
    }

    @Test
    void jollydaySelectionIsByKeyAndValidated() {
        JollydayHolidays vaud = JollydayHolidays.swissVaud();
        assertThat(vaud.calendarCode()).isEqualTo("ch");
        assertThat(vaud.subdivisions()).containsExactly("vd");
        assertThat(vaud).isEqualTo(JollydayHolidays.of("CH", List.of("vd"), JollydayHolidays.SWISS_VAUD_KEYS));
        assertThat(JollydayHolidays.of("ch", List.of("vd"), Set.of("NATIONAL_DAY")).datesIn(2026))
                .containsExactly(LocalDate.of(2026, 8, 1));
        // An empty key set keeps everything Jollyday lists, here including Easter Sunday.
        assertThat(JollydayHolidays.of("ch", List.of("vd"), Set.of()).datesIn(2026)).contains(LocalDate.of(2026, 4, 5));

        assertThatThrownBy(() -> JollydayHolidays.of("xx", List.of(), Set.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("xx");
        assertThatThrownBy(() -> JollydayHolidays.of("ch", List.of("zz"), Set.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("zz");
        assertThatThrownBy(() -> JollydayHolidays.of("us", List.of(), Set.of("CHRISTMAS", "LABOR_DAY")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("LABOR_DAY");
    }

    @Test
    void fixedDatesAndUnions() {
        HolidaySet companyDays = HolidaySet.ofDates(List.of(LocalDate.of(2026, 12, 24), LocalDate.of(2027, 1, 4)));

        assertThat(companyDays.datesIn(2026)).containsExactly(LocalDate.of(2026, 12, 24));
        assertThat(HolidaySet.none().datesIn(2026)).isEmpty();
        assertThat(HolidaySet.ofDates(List.of())).isEqualTo(HolidaySet.none());
        HolidaySet union = HolidaySet.swissVaud().union(companyDays);
        assertThat(union.datesIn(2027)).hasSize(10).contains(LocalDate.of(2027, 1, 4), LocalDate.of(2027, 9, 20));
        assertThat(union.description()).contains("Vaud", "2027-01-04");
        assertThat(HolidaySet.swissVaud().union(HolidaySet.none())).isSameAs(HolidaySet.swissVaud());
    }

    @Test
    void ruleMustAnswerWithDatesOfTheAskedYear() {
        HolidaySet wrong = HolidaySet.of("wrong", year -> Set.of(LocalDate.of(year + 1, 1, 1)));

        assertThatThrownBy(() -> wrong.datesIn(2026)).isInstanceOf(IllegalStateException.class).hasMessageContaining("2027-01-01");
    }

    @Test
    void computesEachYearOnceAndIsSafeToShare() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        HolidaySet counted = HolidaySet.of("counted", year -> {
            calls.incrementAndGet();
            return Set.of(LocalDate.of(year, 3, 1));
        });
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> answers = Stream.generate(() -> pool.submit(() -> counted.contains(LocalDate.of(2026, 3, 1))))
                    .limit(200).collect(Collectors.toList());
            for (Future<Boolean> answer : answers) {
                assertThat(answer.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
        for (int i = 0; i < 100; i++) {
            counted.contains(LocalDate.of(2026, 5, 5));
        }
        // A racing first computation may run more than once, but never per call.
        assertThat(calls.get()).isBetween(1, 4);
    }

    private static Set<LocalDate> dates(String... isoDates) {
        return Stream.of(isoDates).map(LocalDate::parse).collect(Collectors.toSet());
    }
}
