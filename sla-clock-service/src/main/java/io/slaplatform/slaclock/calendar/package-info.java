/**
 * Business-time arithmetic for SLA clocks: business calendars, holidays and deadlines.
 *
 * <p>This package is plain Java with no framework dependency (no CDI, JAX-RS, configuration or
 * persistence API): adapters call into it, never the reverse. Time always enters as a parameter
 * ({@link java.time.Instant}); nothing here reads the system clock.
 *
 * <h2>Model</h2>
 * <ul>
 *   <li>{@link io.slaplatform.slaclock.calendar.OpenInterval}: a half-open range of local wall-clock
 *       times within one day, {@code [openInclusive, closeExclusive)}, where a close of 00:00 means
 *       the end of the day (24:00).</li>
 *   <li>{@link io.slaplatform.slaclock.calendar.WeeklySchedule}: the open intervals of each day of
 *       the week.</li>
 *   <li>{@link io.slaplatform.slaclock.calendar.HolidaySet}: the dates on which the calendar is
 *       closed whatever its weekly schedule says, computed per year and cached; usually from
 *       {@link io.slaplatform.slaclock.calendar.JollydayHolidays}.</li>
 *   <li>{@link io.slaplatform.slaclock.calendar.BusinessCalendar}: a time zone, a weekly schedule,
 *       holidays and extra closure dates, with the business-time operations.</li>
 *   <li>{@link io.slaplatform.slaclock.calendar.StandardCalendars}: the calendars of the support
 *       terms ({@code us-pacific}, {@code swiss}) and a 24x7 UTC example.</li>
 * </ul>
 *
 * <h2>The wall-clock rule</h2>
 * An instant is <em>open</em> in a calendar exactly when its local date-time in the calendar's zone
 * falls on a date that is neither a holiday nor an extra closure date, and its local time lies in one
 * of the schedule's intervals for that date's day of week. Everything else (deadlines, business time
 * between two instants, next opening and closing) is derived from that one predicate, so daylight
 * saving changes follow the wall clock: an interval that contains a spring-forward gap is shorter in
 * real time, one that contains a fall-back overlap is longer (the repeated wall-clock hour counts
 * twice), and an interval bound that falls into a gap takes effect at the transition instant.
 */
package io.slaplatform.slaclock.calendar;
