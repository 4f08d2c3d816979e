package io.slaplatform.slaclock.calendar;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.Objects;

/**
 * A half-open range of local wall-clock times within one day, {@code [openInclusive, closeExclusive)},
 * during which a business is open.
 *
 * <p>A close of {@link LocalTime#MIDNIGHT} means the end of the day (24:00), so
 * {@code of(MIDNIGHT, MIDNIGHT)} is the whole day and {@code of(22:00, MIDNIGHT)} runs to midnight.
 * Otherwise the close must be after the open: an interval never spans midnight (an overnight shift is
 * two intervals on two days). {@link LocalTime#MAX} is taken literally (one nanosecond before
 * midnight), it does not mean the end of the day.
 *
 * <p>The interval is in wall-clock time: on a day with a daylight-saving transition inside it, its
 * real duration differs from {@link #length()} (see {@link BusinessCalendar}).
 *
 * <p>This class is immutable and thread-safe.
 */
public final class OpenInterval implements Comparable<OpenInterval> {

    /** Nanoseconds in a day without a time-zone transition: the nano-of-day of 24:00. */
    static final long NANOS_PER_DAY = 86_400L * 1_000_000_000L;

    private static final OpenInterval WHOLE_DAY = new OpenInterval(LocalTime.MIDNIGHT, LocalTime.MIDNIGHT);

    private final LocalTime openInclusive;
    private final LocalTime closeExclusive;
    // Cached because the calendar engine reads them in its build loop.
    private final long openNanoOfDay;
    private final long closeNanoOfDay;

    private OpenInterval(LocalTime openInclusive, LocalTime closeExclusive) {
        this.openInclusive = openInclusive;
        this.closeExclusive = closeExclusive;
        this.openNanoOfDay = openInclusive.toNanoOfDay();
        this.closeNanoOfDay = closeExclusive.equals(LocalTime.MIDNIGHT) ? NANOS_PER_DAY : closeExclusive.toNanoOfDay();
    }

    /**
     * Obtains an interval from its opening and closing local times.
     *
     * @param openInclusive the first local time at which the business is open
     * @param closeExclusive the local time at which it closes; {@link LocalTime#MIDNIGHT} means 24:00
     * @return the interval
     * @throws DateTimeException if the close is not after the open
     */
    public static OpenInterval of(LocalTime openInclusive, LocalTime closeExclusive) {
        Objects.requireNonNull(openInclusive, "openInclusive");
        Objects.requireNonNull(closeExclusive, "closeExclusive");
        OpenInterval interval = new OpenInterval(openInclusive, closeExclusive);
        if (interval.closeNanoOfDay <= interval.openNanoOfDay) {
            throw new DateTimeException("closeExclusive must be after openInclusive (use 00:00 for the end of the day): "
                    + openInclusive + "-" + closeExclusive);
        }
        return interval;
    }

    /**
     * Obtains an interval from its opening time to the end of the day (24:00).
     *
     * @param openInclusive the first local time at which the business is open
     * @return the interval {@code [openInclusive, 24:00)}
     */
    public static OpenInterval toEndOfDay(LocalTime openInclusive) {
        return of(openInclusive, LocalTime.MIDNIGHT);
    }

    /**
     * Returns the interval covering the whole day, {@code [00:00, 24:00)}.
     *
     * @return the whole-day interval
     */
    public static OpenInterval wholeDay() {
        return WHOLE_DAY;
    }

    /**
     * Parses an interval such as {@code 09:00-17:00}, {@code 08:30:15-12:00} or {@code 00:00-24:00}.
     *
     * <p>The format is two ISO local times separated by {@code -}; the close may be written
     * {@code 24:00} (or {@code 00:00}) for the end of the day. Surrounding whitespace is ignored.
     *
     * @param text the text to parse
     * @return the interval
     * @throws DateTimeParseException if the text cannot be parsed or the close is not after the open
     */
    public static OpenInterval parse(CharSequence text) {
        Objects.requireNonNull(text, "text");
        String s = text.toString().trim();
        int dash = s.indexOf('-');
        if (dash <= 0 || dash == s.length() - 1) {
            throw new DateTimeParseException("Interval must be HH:mm-HH:mm: '" + s + "'", text, 0);
        }
        try {
            LocalTime open = LocalTime.parse(s.substring(0, dash).trim());
            String closeText = s.substring(dash + 1).trim();
            LocalTime close = closeText.equals("24:00") || closeText.equals("24:00:00")
                    ? LocalTime.MIDNIGHT
                    : LocalTime.parse(closeText);
            return of(open, close);
        } catch (DateTimeParseException ex) {
            throw new DateTimeParseException("Interval must be HH:mm-HH:mm: '" + s + "'", text, 0, ex);
        } catch (DateTimeException ex) {
            throw new DateTimeParseException(ex.getMessage(), text, 0, ex);
        }
    }

    /**
     * Returns the first local time at which the business is open.
     *
     * @return the opening time, inclusive
     */
    public LocalTime openInclusive() {
        return openInclusive;
    }

    /**
     * Returns the local time at which the business closes; {@link LocalTime#MIDNIGHT} means 24:00.
     *
     * @return the closing time, exclusive
     */
    public LocalTime closeExclusive() {
        return closeExclusive;
    }

    /**
     * Whether the interval runs to the end of the day (24:00).
     *
     * @return true if the close is midnight at the end of the day
     */
    public boolean isToEndOfDay() {
        return closeNanoOfDay == NANOS_PER_DAY;
    }

    /**
     * Returns the nominal length of the interval in wall-clock time, ignoring any daylight-saving
     * transition on a particular day.
     *
     * @return the length, positive and at most 24 hours
     */
    public Duration length() {
        return Duration.ofNanos(closeNanoOfDay - openNanoOfDay);
    }

    /**
     * Whether a local time lies in this interval.
     *
     * @param time the local time
     * @return true if {@code openInclusive <= time < closeExclusive}
     */
    public boolean contains(LocalTime time) {
        long nanoOfDay = Objects.requireNonNull(time, "time").toNanoOfDay();
        return nanoOfDay >= openNanoOfDay && nanoOfDay < closeNanoOfDay;
    }

    long openNanoOfDay() {
        return openNanoOfDay;
    }

    /** The close as nano-of-day, {@link #NANOS_PER_DAY} for 24:00. */
    long closeNanoOfDay() {
        return closeNanoOfDay;
    }

    /** Orders by opening time, then closing time. */
    @Override
    public int compareTo(OpenInterval other) {
        int cmp = Long.compare(openNanoOfDay, other.openNanoOfDay);
        return cmp != 0 ? cmp : Long.compare(closeNanoOfDay, other.closeNanoOfDay);
    }

    @Override
    public boolean equals(Object obj) {
        return obj instanceof OpenInterval other
                && openNanoOfDay == other.openNanoOfDay
                && closeNanoOfDay == other.closeNanoOfDay;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(openNanoOfDay) * 31 + Long.hashCode(closeNanoOfDay);
    }

    /**
     * Returns the interval as {@code 09:00-17:00}, with {@code 24:00} for the end of the day; the
     * output can be read back by {@link #parse(CharSequence)}.
     */
    @Override
    public String toString() {
        return openInclusive + "-" + (isToEndOfDay() ? "24:00" : closeExclusive.toString());
    }
}
