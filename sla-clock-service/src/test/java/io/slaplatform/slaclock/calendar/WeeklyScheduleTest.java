package io.slaplatform.slaclock.calendar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class WeeklyScheduleTest {

    static Stream<Arguments> schedules() {
        return Stream.of(
                // text, canonical form, open time per week
                arguments("MON-FRI 09:00-17:00", "MON-FRI 09:00-17:00", Duration.ofHours(40)),
                arguments("monday-friday 09:00-17:00", "MON-FRI 09:00-17:00", Duration.ofHours(40)), // full names
                arguments("MON-SUN 00:00-24:00", "MON-SUN 00:00-24:00", Duration.ofHours(168)),      // 24x7
                arguments("MON-SAT 08:00-12:00,13:00-17:00", "MON-SAT 08:00-12:00,13:00-17:00", Duration.ofHours(48)),
                arguments("MON 08:00-12:00; MON 12:00-17:00", "MON 08:00-17:00", Duration.ofHours(9)), // touching: merged
                arguments("SAT-MON 10:00-11:00", "MON 10:00-11:00; SAT-SUN 10:00-11:00", Duration.ofHours(3)), // wraps
                arguments("MON,WED,FRI 22:00-24:00", "MON 22:00-24:00; WED 22:00-24:00; FRI 22:00-24:00", Duration.ofHours(6)),
                arguments("TUE 13:00-17:00, 08:00-12:00", "TUE 08:00-12:00,13:00-17:00", Duration.ofHours(8)), // sorted
                arguments("CLOSED", "CLOSED", Duration.ZERO)
        );
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void schedules(String text, String canonical, Duration perWeek) {
        WeeklySchedule schedule = WeeklySchedule.parse(text);

        assertThat(schedule).hasToString(canonical);
        assertThat(schedule.openTimePerWeek()).isEqualTo(perWeek);
        assertThat(WeeklySchedule.parse(schedule.toString())).isEqualTo(schedule);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "MON 09:00-10:00,09:30-11:00", // overlapping
        "MON 09:00",                   // no close
        "XYZ 09:00-10:00",             // not a day
        "MON 17:00-09:00",             // close before open
        "MON-FRI",                     // no interval
        "MON 9-17"                     // not a time
    })
    void rejectsInvalidText(String text) {
        assertThatThrownBy(() -> WeeklySchedule.parse(text)).isInstanceOf(DateTimeParseException.class);
    }

    @Test
    void buildsFromMapsAndSets() {
        OpenInterval morning = OpenInterval.parse("08:00-12:00");
        OpenInterval afternoon = OpenInterval.of(LocalTime.of(13, 0), LocalTime.of(17, 0));
        WeeklySchedule fromMap = WeeklySchedule.of(Map.of(DayOfWeek.MONDAY, List.of(afternoon, morning)));

        assertThat(fromMap.intervalsOn(DayOfWeek.MONDAY)).containsExactly(morning, afternoon);
        assertThat(fromMap.intervalsOn(DayOfWeek.TUESDAY)).isEmpty();
        assertThat(fromMap.openDays()).containsExactly(DayOfWeek.MONDAY);
        assertThat(WeeklySchedule.of(EnumSet.of(DayOfWeek.MONDAY), morning, afternoon)).isEqualTo(fromMap);
        assertThat(WeeklySchedule.alwaysOpen().openDays()).hasSize(7);
        assertThat(StandardCalendars.officeHours()).isEqualTo(WeeklySchedule.parse("MON-FRI 09:00-17:00"));
        assertThatThrownBy(() -> WeeklySchedule.of(EnumSet.of(DayOfWeek.MONDAY), morning, OpenInterval.parse("11:00-14:00")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    static Stream<Arguments> intervals() {
        return Stream.of(
                // text, open, runs to the end of the day, length
                arguments("09:00-17:00", "09:00", false, Duration.ofHours(8)),
                arguments("00:00-24:00", "00:00", true, Duration.ofHours(24)),
                arguments("22:00-00:00", "22:00", true, Duration.ofHours(2)), // 00:00 as a close is midnight
                arguments(" 08:30:15 - 12:00 ", "08:30:15", false, Duration.parse("PT3H29M45S"))
        );
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void intervals(String text, String open, boolean toEndOfDay, Duration length) {
        OpenInterval interval = OpenInterval.parse(text);

        assertThat(interval.openInclusive()).isEqualTo(LocalTime.parse(open));
        assertThat(interval.isToEndOfDay()).isEqualTo(toEndOfDay);
        assertThat(interval.length()).isEqualTo(length);
        assertThat(OpenInterval.parse(interval.toString())).isEqualTo(interval);
    }

    @Test
    void intervalsAreHalfOpen() {
        OpenInterval office = OpenInterval.parse("09:00-17:00");

        assertThat(office.contains(LocalTime.of(9, 0))).isTrue();
        assertThat(office.contains(LocalTime.of(16, 59, 59, 999_999_999))).isTrue();
        assertThat(office.contains(LocalTime.of(17, 0))).isFalse();
        assertThat(OpenInterval.toEndOfDay(LocalTime.of(22, 0)).contains(LocalTime.MAX)).isTrue();
        assertThat(OpenInterval.wholeDay()).hasToString("00:00-24:00");
        // LocalTime.MAX is taken literally: the last nanosecond of the day is not in the interval.
        assertThat(OpenInterval.of(LocalTime.MIDNIGHT, LocalTime.MAX).contains(LocalTime.MAX)).isFalse();
        assertThatThrownBy(() -> OpenInterval.of(LocalTime.NOON, LocalTime.NOON)).isInstanceOf(DateTimeException.class);
    }
}
