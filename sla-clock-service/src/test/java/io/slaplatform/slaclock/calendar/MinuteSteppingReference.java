package io.slaplatform.slaclock.calendar;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.Optional;

/**
 * A deliberately naive business-time reference for differential tests: it decides, for every minute
 * of a fixed range, whether the calendar is open by converting that minute to local wall-clock time
 * and checking day of week, closure dates and the schedule's intervals one by one, then answers every
 * question by stepping minute after minute. It shares nothing with the engine but the calendar's
 * public definition (zone, {@link WeeklySchedule#intervalsOn}, {@link BusinessCalendar#isClosureDate}).
 *
 * <p>Exact for schedules whose bounds are whole minutes in zones whose offsets and transitions are
 * whole minutes (every zone used in the tests): openness is then constant within each minute, so
 * stepping minute by minute with partial first and last minutes is exact to the nanosecond.
 *
 * <p>Public, and shipped in the service's test jar, because the benchmarks measure the engine against it.
 */
public final class MinuteSteppingReference {

    private static final long NANOS_PER_MINUTE = 60_000_000_000L;

    private final BusinessCalendar calendar;
    private final long firstEpochMinute;
    private final boolean[] openMinutes;

    public MinuteSteppingReference(BusinessCalendar calendar, Instant fromInclusive, Instant toExclusive) {
        this.calendar = calendar;
        this.firstEpochMinute = Math.floorDiv(fromInclusive.getEpochSecond(), 60);
        int minutes = (int) (Math.floorDiv(toExclusive.getEpochSecond(), 60) - firstEpochMinute);
        this.openMinutes = new boolean[minutes];
        for (int m = 0; m < minutes; m++) {
            openMinutes[m] = isOpenByWallClock(Instant.ofEpochSecond((firstEpochMinute + m) * 60));
        }
    }

    private boolean isOpenByWallClock(Instant instant) {
        LocalDateTime local = LocalDateTime.ofInstant(instant, calendar.zone());
        if (calendar.isClosureDate(local.toLocalDate())) {
            return false;
        }
        LocalTime time = local.toLocalTime();
        for (OpenInterval interval : calendar.schedule().intervalsOn(local.getDayOfWeek())) {
            if (interval.contains(time)) {
                return true;
            }
        }
        return false;
    }

    /** Instant from a position in nanoseconds since the first minute of the range. */
    private Instant instant(long pos) {
        return Instant.ofEpochSecond(firstEpochMinute * 60 + pos / 1_000_000_000L, pos % 1_000_000_000L);
    }

    private long position(Instant instant) {
        long pos = (instant.getEpochSecond() - firstEpochMinute * 60) * 1_000_000_000L + instant.getNano();
        if (pos < 0 || pos >= (long) openMinutes.length * NANOS_PER_MINUTE) {
            throw new IllegalArgumentException("outside the reference range: " + instant);
        }
        return pos;
    }

    private boolean openMinute(long minute) {
        if (minute >= openMinutes.length) {
            throw new IllegalStateException("ran past the end of the reference range");
        }
        return openMinutes[(int) minute];
    }

    public boolean isOpen(Instant instant) {
        return openMinute(position(instant) / NANOS_PER_MINUTE);
    }

    public Instant deadline(Instant start, Duration businessDuration) {
        long remaining = businessDuration.toNanos();
        if (remaining == 0) {
            return start;
        }
        long pos = position(start);
        while (true) {
            long minute = pos / NANOS_PER_MINUTE;
            long minuteEnd = (minute + 1) * NANOS_PER_MINUTE;
            if (openMinute(minute)) {
                long available = minuteEnd - pos;
                if (remaining <= available) {
                    return instant(pos + remaining);
                }
                remaining -= available;
            }
            pos = minuteEnd;
        }
    }

    public Duration businessTimeBetween(Instant fromInclusive, Instant toExclusive) {
        long pos = position(fromInclusive);
        long end = position(toExclusive);
        long total = 0;
        while (pos < end) {
            long minute = pos / NANOS_PER_MINUTE;
            long next = Math.min((minute + 1) * NANOS_PER_MINUTE, end);
            if (openMinute(minute)) {
                total += next - pos;
            }
            pos = next;
        }
        return Duration.ofNanos(total);
    }

    /** First minute boundary strictly after {@code instant} and before {@code instant + within} where the calendar opens. */
    public Optional<Instant> nextOpening(Instant instant, Duration within) {
        return nextChange(instant, within, true);
    }

    /** First minute boundary strictly after {@code instant} and before {@code instant + within} where the calendar closes. */
    public Optional<Instant> nextClosing(Instant instant, Duration within) {
        return nextChange(instant, within, false);
    }

    private Optional<Instant> nextChange(Instant instant, Duration within, boolean toOpen) {
        long pos = position(instant);
        long limit = Math.min(openMinutes.length, (pos + within.toNanos() - 1) / NANOS_PER_MINUTE + 1);
        for (long minute = pos / NANOS_PER_MINUTE + 1; minute < limit; minute++) {
            if (openMinutes[(int) minute] == toOpen && openMinutes[(int) minute - 1] != toOpen) {
                return Optional.of(instant(minute * NANOS_PER_MINUTE));
            }
        }
        return Optional.empty();
    }
}
