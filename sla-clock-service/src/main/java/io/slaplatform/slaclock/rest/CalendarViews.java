package io.slaplatform.slaclock.rest;

import io.slaplatform.slaclock.calendar.BusinessCalendar;
import java.time.Instant;
import java.time.format.DateTimeFormatter;

/** Shared formatting of the calendar endpoints. */
final class CalendarViews {

    private CalendarViews() {
    }

    /** The instant as an ISO-8601 offset date-time in the calendar's zone, e.g. {@code 2026-11-30T10:00:00+01:00}. */
    static String local(BusinessCalendar calendar, Instant instant) {
        return instant == null ? null
                : DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(instant.atZone(calendar.zone()).toOffsetDateTime());
    }
}
