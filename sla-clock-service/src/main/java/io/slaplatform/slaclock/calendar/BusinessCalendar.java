package io.slaplatform.slaclock.calendar;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.zone.ZoneRules;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A business calendar: a time zone, weekly opening hours, holidays and extra closure dates, with the
 * business-time arithmetic of SLA clocks.
 *
 * <h2>When is a calendar open</h2>
 * An instant is open exactly when its local date-time in the calendar's zone falls on a date that is
 * neither in {@link #holidays()} nor in {@link #extraClosureDates()}, and its local time lies in one of
 * the {@link #schedule()} intervals of that date's day of week (the <em>wall-clock rule</em>).
 * Intervals are half-open: a calendar open 09:00-17:00 is open at 09:00 and closed at 17:00.
 * Consequences on daylight-saving days:
 * <ul>
 *   <li>an interval containing a spring-forward gap is shorter in real time (00:00-24:00 on the day
 *       Europe/Zurich moves to summer time is 23 hours);</li>
 *   <li>an interval containing a fall-back overlap is longer: the repeated wall-clock hour is open
 *       both times it occurs (00:00-24:00 on that day is 25 hours);</li>
 *   <li>an interval bound that falls into a gap takes effect at the transition, when the wall clock
 *       first shows a later time; a bound inside an overlap is crossed twice, once per occurrence.</li>
 * </ul>
 * Day-time office hours (09:00-17:00) are not affected in zones that change at night.
 *
 * <h2>Units and range</h2>
 * Business time is measured in real elapsed time (a {@link Duration}), with nanosecond precision.
 * Instant arguments must lie in the ISO years 0001 to 9999 (UTC), otherwise the methods throw
 * {@link DateTimeException}; durations are limited to {@code Long.MAX_VALUE} nanoseconds (about 292
 * years), otherwise {@link ArithmeticException}.
 *
 * <h2>Performance</h2>
 * The open intervals are precomputed as instants in slices of about 388 days, built on first use and
 * cached (a fixed number of slices, so memory stays bounded); after that a {@link #deadline} or
 * {@link #businessTimeBetween} is a few binary searches, whatever the target. Holidays are asked of
 * the {@link HolidaySet} once per year.
 *
 * <p>This class is immutable (its caches never change an answer) and thread-safe. Two calendars are
 * equal when their id, zone, schedule, holidays and extra closure dates are equal.
 */
public final class BusinessCalendar {

    /** The earliest supported instant, 0001-01-01T00:00:00Z. */
    public static final Instant MIN_SUPPORTED = Instant.parse("0001-01-01T00:00:00Z");
    /** The latest supported instant, 9999-12-31T23:59:59.999999999Z. */
    public static final Instant MAX_SUPPORTED = Instant.parse("9999-12-31T23:59:59.999999999Z");

    /**
     * How far {@link #nextOpening} and {@link #nextClosing} look ahead, in timeline chunks of about 388
     * days: at least ten years.
     */
    private static final int SEARCH_CHUNKS = 11;
    /** A deadline gives up after this many chunks in a row without open time (the calendar never opens). */
    private static final int MAX_EMPTY_CHUNKS = 11;
    // Power of two: the slot is the low bits of the chunk index. 512 chunks is about 545 years.
    private static final int CACHE_SLOTS = 512;

    private final String id;
    private final ZoneId zone;
    private final ZoneRules rules;
    private final WeeklySchedule schedule;
    private final HolidaySet holidays;
    private final Set<LocalDate> extraClosureDates;
    // Direct-mapped cache; racy on purpose: chunks are immutable and rebuilding one is harmless.
    private final TimelineChunk[] chunks = new TimelineChunk[CACHE_SLOTS];

    private BusinessCalendar(String id, ZoneId zone, WeeklySchedule schedule, HolidaySet holidays,
            Set<LocalDate> extraClosureDates) {
        this.id = id;
        this.zone = zone;
        this.rules = zone.getRules();
        this.schedule = schedule;
        this.holidays = holidays;
        this.extraClosureDates = extraClosureDates;
    }

    /**
     * Obtains a calendar.
     *
     * @param id the calendar id, e.g. {@code us-pacific}; not blank
     * @param zone the time zone whose wall clock the schedule follows
     * @param schedule the weekly opening hours
     * @param holidays the holidays, on which the calendar is closed all day
     * @param extraClosureDates further dates on which the calendar is closed all day (company days off)
     * @return the calendar
     * @throws IllegalArgumentException if the id is blank
     */
    public static BusinessCalendar of(String id, ZoneId zone, WeeklySchedule schedule, HolidaySet holidays,
            Set<LocalDate> extraClosureDates) {
        Objects.requireNonNull(id, "id");
        if (id.isBlank()) {
            throw new IllegalArgumentException("id must not be blank");
        }
        return new BusinessCalendar(id, Objects.requireNonNull(zone, "zone"),
                Objects.requireNonNull(schedule, "schedule"), Objects.requireNonNull(holidays, "holidays"),
                Set.copyOf(Objects.requireNonNull(extraClosureDates, "extraClosureDates")));
    }

    /**
     * Obtains a calendar without holidays or closure dates.
     *
     * @param id the calendar id; not blank
     * @param zone the time zone whose wall clock the schedule follows
     * @param schedule the weekly opening hours
     * @return the calendar
     */
    public static BusinessCalendar of(String id, ZoneId zone, WeeklySchedule schedule) {
        return of(id, zone, schedule, HolidaySet.none(), Set.of());
    }

    /**
     * Returns a copy of this calendar with other extra closure dates (replacing the current ones).
     *
     * @param dates the extra closure dates
     * @return the calendar, with empty caches
     */
    public BusinessCalendar withExtraClosureDates(Set<LocalDate> dates) {
        return of(id, zone, schedule, holidays, dates);
    }

    /**
     * Returns a copy of this calendar with another id.
     *
     * @param newId the id; not blank
     * @return the calendar, with empty caches
     */
    public BusinessCalendar withId(String newId) {
        return of(newId, zone, schedule, holidays, extraClosureDates);
    }

    /** @return the calendar id */
    public String id() {
        return id;
    }

    /** @return the time zone whose wall clock the schedule follows */
    public ZoneId zone() {
        return zone;
    }

    /** @return the weekly opening hours */
    public WeeklySchedule schedule() {
        return schedule;
    }

    /** @return the holidays */
    public HolidaySet holidays() {
        return holidays;
    }

    /** @return the extra closure dates; unmodifiable */
    public Set<LocalDate> extraClosureDates() {
        return extraClosureDates;
    }

    /**
     * Whether a local date is closed all day by a holiday or an extra closure date, whatever the weekly
     * schedule says about its day of week.
     *
     * @param date the local date in the calendar's zone
     * @return true if the date is a holiday or an extra closure date
     */
    public boolean isClosureDate(LocalDate date) {
        Objects.requireNonNull(date, "date");
        return extraClosureDates.contains(date) || holidays.contains(date);
    }

    /**
     * Whether the calendar is open at an instant (see the class description for the rule).
     *
     * @param instant the instant
     * @return true if open; an instant at an opening time is open, one at a closing time is not
     */
    public boolean isOpen(Instant instant) {
        long index = chunkIndex(checked(instant, "instant"));
        return chunk(index).isOpenAt(relativeNanos(instant, index));
    }

    /**
     * Returns the next instant strictly after {@code instant} at which the calendar opens, i.e. goes
     * from closed to open. If the calendar is open at {@code instant}, that is the opening after the
     * current open period; an instant that is itself an opening time is not returned for itself.
     *
     * @param instant the instant to search from, exclusive
     * @return the next opening, or empty if the calendar does not open in the next ten years or so
     *     (a calendar that is never open, or always open from before {@code instant})
     */
    public Optional<Instant> nextOpening(Instant instant) {
        long index = chunkIndex(checked(instant, "instant"));
        long pos = relativeNanos(instant, index);
        for (int n = 0; n < SEARCH_CHUNKS; n++, index++, pos = -1) {
            TimelineChunk chunk = chunk(index);
            for (int i = chunk.firstOpenAfter(pos); i < chunk.size; i++) {
                // An interval at the very start of a chunk may only continue one from the previous chunk.
                if (i == 0 && chunk.opens[0] == 0 && chunk(index - 1).endsOpen()) {
                    continue;
                }
                return Optional.of(toInstant(index, chunk.opens[i]));
            }
        }
        return Optional.empty();
    }

    /**
     * Returns the next instant strictly after {@code instant} at which the calendar closes, i.e. goes
     * from open to closed. If the calendar is closed at {@code instant}, that is the end of the next open
     * period; an instant that is itself a closing time is not returned for itself.
     *
     * @param instant the instant to search from, exclusive
     * @return the next closing, or empty if the calendar does not close in the next ten years or so
     *     (a 24x7 calendar without closure dates, or one that is never open)
     */
    public Optional<Instant> nextClosing(Instant instant) {
        long index = chunkIndex(checked(instant, "instant"));
        long pos = relativeNanos(instant, index);
        for (int n = 0; n < SEARCH_CHUNKS; n++, index++, pos = -1) {
            TimelineChunk chunk = chunk(index);
            int i = chunk.firstCloseAfter(pos);
            if (i < chunk.size) {
                // An interval reaching the end of the chunk may go on in the next one: no closing here then.
                if (i == chunk.size - 1 && chunk.endsOpen() && chunk(index + 1).startsOpen()) {
                    continue;
                }
                return Optional.of(toInstant(index, chunk.closes[i]));
            }
        }
        return Optional.empty();
    }

    /**
     * Returns the deadline: the earliest instant at which {@code businessDuration} of open time has
     * elapsed since {@code start}.
     *
     * <p>Time outside opening hours does not count: a start while closed accrues from the next opening.
     * A duration used up exactly at a closing time yields that closing time (17:00), not the next
     * opening. A zero duration yields {@code start} itself, whether open or not (the earliest instant at
     * or after {@code start} with zero business time elapsed). A positive duration always yields an
     * instant inside an open period or exactly at a closing time, strictly after {@code start}.
     *
     * @param start the instant business time starts to count from, inclusive
     * @param businessDuration the business time to elapse; zero or positive
     * @return the deadline, such that {@code businessTimeBetween(start, deadline) == businessDuration}
     * @throws IllegalArgumentException if the duration is negative
     * @throws DateTimeException if {@code start} is out of range, or the calendar has no open time for
     *     more than ten years in a row from some point before the deadline (it never opens)
     * @throws ArithmeticException if the duration exceeds {@code Long.MAX_VALUE} nanoseconds
     */
    public Instant deadline(Instant start, Duration businessDuration) {
        checked(start, "start");
        Objects.requireNonNull(businessDuration, "businessDuration");
        if (businessDuration.isNegative()) {
            throw new IllegalArgumentException("businessDuration must not be negative: " + businessDuration);
        }
        if (businessDuration.isZero()) {
            return start;
        }
        long remaining = businessDuration.toNanos();
        long index = chunkIndex(start);
        TimelineChunk chunk = chunk(index);
        long elapsedInChunk = chunk.openNanosBefore(relativeNanos(start, index));
        long available = chunk.totalOpenNanos - elapsedInChunk;
        if (remaining <= available) {
            return toInstant(index, chunk.positionOfOpenNanos(elapsedInChunk + remaining));
        }
        remaining -= available;
        int emptyInARow = 0;
        while (true) {
            index++;
            chunk = chunk(index);
            if (remaining <= chunk.totalOpenNanos) {
                return toInstant(index, chunk.positionOfOpenNanos(remaining));
            }
            remaining -= chunk.totalOpenNanos;
            emptyInARow = chunk.totalOpenNanos == 0 ? emptyInARow + 1 : 0;
            if (emptyInARow > MAX_EMPTY_CHUNKS) {
                throw new DateTimeException("Calendar " + id + " has no open time for more than ten years after "
                        + toInstant(index - MAX_EMPTY_CHUNKS, 0) + ": no deadline");
            }
        }
    }

    /**
     * Returns the business time between two instants: how much of {@code [fromInclusive, toExclusive)}
     * the calendar is open.
     *
     * @param fromInclusive the start of the range, inclusive
     * @param toExclusive the end of the range, exclusive; equal to the start for an empty range
     * @return the open time in the range, zero or positive
     * @throws IllegalArgumentException if {@code toExclusive} is before {@code fromInclusive}
     * @throws DateTimeException if an instant is out of range
     */
    public Duration businessTimeBetween(Instant fromInclusive, Instant toExclusive) {
        checked(fromInclusive, "fromInclusive");
        checked(toExclusive, "toExclusive");
        int cmp = toExclusive.compareTo(fromInclusive);
        if (cmp < 0) {
            throw new IllegalArgumentException("toExclusive " + toExclusive + " is before fromInclusive " + fromInclusive);
        }
        if (cmp == 0) {
            return Duration.ZERO;
        }
        long fromIndex = chunkIndex(fromInclusive);
        long toIndex = chunkIndex(toExclusive);
        TimelineChunk first = chunk(fromIndex);
        long fromOpen = first.openNanosBefore(relativeNanos(fromInclusive, fromIndex));
        if (fromIndex == toIndex) {
            return Duration.ofNanos(first.openNanosBefore(relativeNanos(toExclusive, toIndex)) - fromOpen);
        }
        Duration total = Duration.ofNanos(first.totalOpenNanos - fromOpen);
        for (long index = fromIndex + 1; index < toIndex; index++) {
            total = total.plusNanos(chunk(index).totalOpenNanos);
        }
        return total.plusNanos(chunk(toIndex).openNanosBefore(relativeNanos(toExclusive, toIndex)));
    }

    /**
     * Returns the instant at which a share of a business-time target has elapsed since {@code start}: the
     * warning instant of an SLA clock. A share of 0.75 of a 2-hour target is the deadline of 1 h 30 min.
     *
     * <p>The share of the target is rounded up to a whole nanosecond, so the warning is never before the
     * share is reached; {@code share} is read as its shortest decimal form ({@code 0.8} is exactly 8/10).
     * A share of 1 is the deadline itself.
     *
     * @param start the instant business time starts to count from, inclusive
     * @param target the full business-time target; zero or positive
     * @param share the share of the target, in {@code (0, 1]}
     * @return {@code deadline(start, ceil(target * share))}
     * @throws IllegalArgumentException if the share is not in {@code (0, 1]} or the target is negative
     */
    public Instant instantAtShare(Instant start, Duration target, double share) {
        Objects.requireNonNull(target, "target");
        if (!(share > 0 && share <= 1)) {
            throw new IllegalArgumentException("share must be in (0, 1]: " + share);
        }
        if (target.isNegative()) {
            throw new IllegalArgumentException("target must not be negative: " + target);
        }
        long nanos = BigDecimal.valueOf(target.toNanos())
                .multiply(BigDecimal.valueOf(share))
                .setScale(0, RoundingMode.CEILING)
                .longValueExact();
        return deadline(start, Duration.ofNanos(nanos));
    }

    private TimelineChunk chunk(long index) {
        int slot = (int) index & (CACHE_SLOTS - 1);
        TimelineChunk chunk = chunks[slot];
        if (chunk == null || chunk.index != index) {
            chunk = TimelineChunk.build(index, rules, schedule, this::isClosureDate);
            chunks[slot] = chunk;
        }
        return chunk;
    }

    private static Instant checked(Instant instant, String name) {
        Objects.requireNonNull(instant, name);
        if (instant.isBefore(MIN_SUPPORTED) || instant.isAfter(MAX_SUPPORTED)) {
            throw new DateTimeException(name + " out of the supported range (years 0001 to 9999): " + instant);
        }
        return instant;
    }

    private static long chunkIndex(Instant instant) {
        // Arithmetic shift is floor division by 2^25, also for instants before 1970.
        return instant.getEpochSecond() >> TimelineChunk.CHUNK_SHIFT;
    }

    private static long relativeNanos(Instant instant, long index) {
        return (instant.getEpochSecond() - (index << TimelineChunk.CHUNK_SHIFT)) * TimelineChunk.NANOS_PER_SECOND
                + instant.getNano();
    }

    private static Instant toInstant(long index, long relativeNanos) {
        return Instant.ofEpochSecond((index << TimelineChunk.CHUNK_SHIFT) + relativeNanos / TimelineChunk.NANOS_PER_SECOND,
                relativeNanos % TimelineChunk.NANOS_PER_SECOND);
    }

    @Override
    public boolean equals(Object obj) {
        return obj instanceof BusinessCalendar other
                && id.equals(other.id)
                && zone.equals(other.zone)
                && schedule.equals(other.schedule)
                && holidays.equals(other.holidays)
                && extraClosureDates.equals(other.extraClosureDates);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, zone, schedule, holidays, extraClosureDates);
    }

    @Override
    public String toString() {
        return "BusinessCalendar[" + id + ", " + zone + ", " + schedule + ", " + holidays.description()
                + (extraClosureDates.isEmpty() ? "" : ", closed " + new TreeSet<>(extraClosureDates)) + "]";
    }
}
