package io.slaplatform.slaclock.calendar;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The opening hours of each day of the week, in local wall-clock time.
 *
 * <p>Each day has a sorted list of non-overlapping {@link OpenInterval}s (possibly none, possibly
 * several, e.g. 08:00-12:00 and 13:00-17:00). Intervals that touch (one closes when the next opens)
 * are merged, so two schedules with the same open times are equal. A 24x7 schedule is
 * {@link #alwaysOpen()}: 00:00-24:00 every day.
 *
 * <p>The text form, read by {@link #parse(CharSequence)} and written by {@link #toString()}, is a
 * {@code ;}-separated list of entries {@code DAYS INTERVALS}: {@code DAYS} is a day
 * ({@code MON}, or {@code MONDAY}), a range ({@code MON-FRI}, wrapping allowed: {@code SAT-MON}) or a
 * comma-separated list of those; {@code INTERVALS} is a comma-separated list of
 * {@link OpenInterval#parse(CharSequence) intervals}. Example:
 * {@code MON-FRI 08:00-12:00,13:00-17:00; SAT 09:00-12:00}. {@code CLOSED} (or nothing) is a schedule
 * without any open time.
 *
 * <p>This class is immutable and thread-safe.
 */
public final class WeeklySchedule {

    private static final long[] NONE = new long[0];
    private static final WeeklySchedule ALWAYS_OPEN =
            of(EnumSet.allOf(DayOfWeek.class), OpenInterval.wholeDay());

    private final Map<DayOfWeek, List<OpenInterval>> intervals;
    // Indexed by DayOfWeek.ordinal() (Monday = 0): flat arrays keep the engine's build loop allocation-free.
    private final long[][] openNanos = new long[7][];
    private final long[][] closeNanos = new long[7][];

    private WeeklySchedule(Map<DayOfWeek, List<OpenInterval>> intervals) {
        this.intervals = intervals;
        for (DayOfWeek day : DayOfWeek.values()) {
            List<OpenInterval> list = intervals.get(day);
            int n = list.size();
            long[] opens = n == 0 ? NONE : new long[n];
            long[] closes = n == 0 ? NONE : new long[n];
            for (int i = 0; i < n; i++) {
                opens[i] = list.get(i).openNanoOfDay();
                closes[i] = list.get(i).closeNanoOfDay();
            }
            openNanos[day.ordinal()] = opens;
            closeNanos[day.ordinal()] = closes;
        }
    }

    /**
     * Obtains a schedule from the intervals of each day; a day that is absent is closed all day.
     *
     * @param intervalsByDay the intervals of each day, in any order
     * @return the schedule, with each day's intervals sorted and touching intervals merged
     * @throws IllegalArgumentException if two intervals of one day overlap
     */
    public static WeeklySchedule of(Map<DayOfWeek, ? extends Collection<OpenInterval>> intervalsByDay) {
        Objects.requireNonNull(intervalsByDay, "intervalsByDay");
        Map<DayOfWeek, List<OpenInterval>> normalized = new EnumMap<>(DayOfWeek.class);
        for (DayOfWeek day : DayOfWeek.values()) {
            Collection<OpenInterval> given = intervalsByDay.get(day);
            normalized.put(day, normalize(day, given == null ? List.of() : given));
        }
        return new WeeklySchedule(Collections.unmodifiableMap(normalized));
    }

    /**
     * Obtains a schedule with the same intervals on each of the given days and closed on the others.
     *
     * @param days the open days
     * @param intervals the intervals of each open day
     * @return the schedule
     * @throws IllegalArgumentException if two of the intervals overlap
     */
    public static WeeklySchedule of(Set<DayOfWeek> days, OpenInterval... intervals) {
        Objects.requireNonNull(days, "days");
        Objects.requireNonNull(intervals, "intervals");
        List<OpenInterval> list = List.of(intervals);
        Map<DayOfWeek, List<OpenInterval>> map = new EnumMap<>(DayOfWeek.class);
        for (DayOfWeek day : days) {
            map.put(day, list);
        }
        return of(map);
    }

    /**
     * Returns the schedule that is open all the time: 00:00-24:00 every day.
     *
     * @return the 24x7 schedule
     */
    public static WeeklySchedule alwaysOpen() {
        return ALWAYS_OPEN;
    }

    /**
     * Parses a schedule such as {@code MON-FRI 09:00-17:00} (format in the class description).
     * A day named in several entries gets the intervals of all of them.
     *
     * @param text the text to parse
     * @return the schedule
     * @throws DateTimeParseException if the text cannot be parsed, or two intervals of a day overlap
     */
    public static WeeklySchedule parse(CharSequence text) {
        Objects.requireNonNull(text, "text");
        Map<DayOfWeek, List<OpenInterval>> map = new EnumMap<>(DayOfWeek.class);
        for (String entry : text.toString().split(";")) {
            String trimmed = entry.trim();
            if (trimmed.isEmpty() || trimmed.equalsIgnoreCase("CLOSED")) {
                continue;
            }
            String[] parts = trimmed.split("\\s+", 2);
            if (parts.length != 2) {
                throw new DateTimeParseException("Schedule entry must be 'DAYS HH:mm-HH:mm[,...]': '" + trimmed + "'", text, 0);
            }
            Set<DayOfWeek> days = parseDays(parts[0], text);
            List<OpenInterval> dayIntervals = new ArrayList<>();
            for (String interval : parts[1].split(",")) {
                dayIntervals.add(OpenInterval.parse(interval));
            }
            for (DayOfWeek day : days) {
                map.computeIfAbsent(day, d -> new ArrayList<>()).addAll(dayIntervals);
            }
        }
        try {
            return of(map);
        } catch (IllegalArgumentException ex) {
            throw new DateTimeParseException(ex.getMessage(), text, 0, ex);
        }
    }

    private static Set<DayOfWeek> parseDays(String text, CharSequence whole) {
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        for (String item : text.split(",")) {
            int dash = item.indexOf('-');
            if (dash < 0) {
                days.add(parseDay(item, whole));
            } else {
                DayOfWeek from = parseDay(item.substring(0, dash), whole);
                DayOfWeek to = parseDay(item.substring(dash + 1), whole);
                for (DayOfWeek d = from; ; d = d.plus(1)) {
                    days.add(d);
                    if (d == to) {
                        break;
                    }
                }
            }
        }
        return days;
    }

    private static DayOfWeek parseDay(String text, CharSequence whole) {
        String upper = text.trim().toUpperCase(Locale.ROOT);
        for (DayOfWeek day : DayOfWeek.values()) {
            if (day.name().equals(upper) || day.name().substring(0, 3).equals(upper)) {
                return day;
            }
        }
        throw new DateTimeParseException("Unknown day of week '" + text + "' (use MON..SUN)", whole, 0);
    }

    private static List<OpenInterval> normalize(DayOfWeek day, Collection<OpenInterval> given) {
        List<OpenInterval> sorted = new ArrayList<>(given.size());
        for (OpenInterval interval : given) {
            sorted.add(Objects.requireNonNull(interval, "interval"));
        }
        Collections.sort(sorted);
        List<OpenInterval> merged = new ArrayList<>(sorted.size());
        for (OpenInterval next : sorted) {
            if (merged.isEmpty()) {
                merged.add(next);
                continue;
            }
            OpenInterval last = merged.get(merged.size() - 1);
            if (next.openNanoOfDay() < last.closeNanoOfDay()) {
                throw new IllegalArgumentException("Overlapping intervals on " + day + ": " + last + " and " + next);
            }
            if (next.openNanoOfDay() == last.closeNanoOfDay()) {
                merged.set(merged.size() - 1, OpenInterval.of(last.openInclusive(), next.closeExclusive()));
            } else {
                merged.add(next);
            }
        }
        return List.copyOf(merged);
    }

    /**
     * Returns the intervals of a day of the week, sorted, non-overlapping and not touching.
     *
     * @param day the day of the week
     * @return the day's intervals, empty if the day is closed; unmodifiable
     */
    public List<OpenInterval> intervalsOn(DayOfWeek day) {
        return intervals.get(Objects.requireNonNull(day, "day"));
    }

    /**
     * Returns the days on which the schedule has at least one interval.
     *
     * @return the open days; a new modifiable set
     */
    public Set<DayOfWeek> openDays() {
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        intervals.forEach((day, list) -> {
            if (!list.isEmpty()) {
                days.add(day);
            }
        });
        return days;
    }

    /**
     * Returns the nominal open time of a week in wall-clock time (40 hours for Monday to Friday
     * 09:00-17:00), ignoring daylight-saving transitions and holidays.
     *
     * @return the open time per week, between zero and 168 hours
     */
    public Duration openTimePerWeek() {
        long nanos = 0;
        for (int d = 0; d < 7; d++) {
            for (int i = 0; i < openNanos[d].length; i++) {
                nanos += closeNanos[d][i] - openNanos[d][i];
            }
        }
        return Duration.ofNanos(nanos);
    }

    /** Opening nano-of-day values of a day, Monday = 0; shared array, do not modify. */
    long[] openNanos(int dayIndex) {
        return openNanos[dayIndex];
    }

    /** Closing nano-of-day values of a day (86,400 s for 24:00), Monday = 0; shared array, do not modify. */
    long[] closeNanos(int dayIndex) {
        return closeNanos[dayIndex];
    }

    @Override
    public boolean equals(Object obj) {
        return obj instanceof WeeklySchedule other && intervals.equals(other.intervals);
    }

    @Override
    public int hashCode() {
        return intervals.hashCode();
    }

    /**
     * Returns the schedule in the text form of {@link #parse(CharSequence)}, consecutive days with the
     * same intervals written as a range, e.g. {@code MON-FRI 09:00-17:00; SAT 09:00-12:00};
     * {@code CLOSED} if there is no interval at all.
     */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        DayOfWeek[] days = DayOfWeek.values();
        int from = 0;
        while (from < days.length) {
            List<OpenInterval> list = intervals.get(days[from]);
            int to = from;
            while (to + 1 < days.length && intervals.get(days[to + 1]).equals(list)) {
                to++;
            }
            if (!list.isEmpty()) {
                sb.append(sb.length() == 0 ? "" : "; ").append(days[from].name(), 0, 3);
                if (to > from) {
                    sb.append('-').append(days[to].name(), 0, 3);
                }
                sb.append(' ');
                for (int i = 0; i < list.size(); i++) {
                    sb.append(i == 0 ? "" : ",").append(list.get(i));
                }
            }
            from = to + 1;
        }
        return sb.length() == 0 ? "CLOSED" : sb.toString();
    }
}
