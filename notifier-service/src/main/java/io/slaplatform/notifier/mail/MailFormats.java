package io.slaplatform.notifier.mail;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Locale;

/** How instants and durations read in mails. Pure functions; thread-safe. */
public final class MailFormats {

    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT);

    private MailFormats() {
    }

    /**
     * Wall-clock time in a zone, in the reader's language: {@code Monday, 30 November 2026, 10:00 (Europe/Zurich,
     * UTC+01:00)}. The offset is the one in force at that instant, so it follows DST.
     */
    public static String local(Instant instant, ZoneId zone, Locale locale) {
        ZonedDateTime local = instant.atZone(zone);
        String offset = local.getOffset().equals(ZoneOffset.UTC) ? "" : local.getOffset().getId();
        return DateTimeFormatter.ofLocalizedDate(FormatStyle.FULL).withLocale(locale).format(local) + ", "
                + TIME.format(local) + " (" + zone.getId() + ", UTC" + offset + ")";
    }

    /** The instant in UTC to the minute: {@code 2026-11-30 09:00 UTC}. */
    public static String utc(Instant instant) {
        return UTC.format(instant);
    }

    /** A date in a zone, in the reader's language: {@code 30 November 2026}. */
    public static String date(Instant instant, ZoneId zone, Locale locale) {
        return DateTimeFormatter.ofLocalizedDate(FormatStyle.LONG).withLocale(locale).format(instant.atZone(zone));
    }

    /**
     * A duration to the nearest minute, in hours and minutes, the same in every language: {@code 2 h 30 min},
     * {@code 45 min}, {@code 76 h 05 min}; under a minute in whole seconds ({@code 30 s}), as targets of
     * seconds or minutes (tests, demonstrations) would otherwise read {@code 1 min} or {@code 0 min}. Negative
     * durations read as their magnitude.
     */
    public static String duration(Duration duration) {
        Duration magnitude = duration.abs();
        if (magnitude.compareTo(Duration.ofMinutes(1)) < 0) {
            return magnitude.toSeconds() + " s";
        }
        long minutes = magnitude.plusSeconds(30).toMinutes();
        long hours = minutes / 60;
        long rest = minutes % 60;
        if (hours == 0) {
            return rest + " min";
        }
        return rest == 0 ? hours + " h" : String.format(Locale.ROOT, "%d h %02d min", hours, rest);
    }
}
