package io.slaplatform.slaclock.calendar;

import java.time.LocalDate;
import java.util.Set;

/**
 * A rule that yields the closure dates of one calendar year; {@link HolidaySet} caches its answers.
 *
 * <p>Implementations must be pure (the same year always yields the same dates) and thread-safe.
 * The dates returned for a year are exactly those <em>falling in</em> that year, whichever year the
 * holiday belongs to: the US New Year's Day of 2022 is observed on Friday 2021-12-31 and so belongs in
 * the answer for 2021, not 2022.
 */
@FunctionalInterface
public interface YearlyHolidays {

    /**
     * Returns the closure dates falling in a calendar year.
     *
     * @param year the proleptic ISO year, from 1 to 9999
     * @return the dates, each with {@code getYear() == year}; never null
     */
    Set<LocalDate> datesIn(int year);
}
