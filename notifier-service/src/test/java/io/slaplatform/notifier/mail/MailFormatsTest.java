package io.slaplatform.notifier.mail;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class MailFormatsTest {

    @Test
    void localTimeFollowsTheZonesOffsetAtThatInstant() {
        ZoneId zurich = ZoneId.of("Europe/Zurich");
        assertThat(MailFormats.local(Instant.parse("2026-11-30T09:00:00Z"), zurich, Locale.ENGLISH))
                .isEqualTo("Monday, November 30, 2026, 10:00 (Europe/Zurich, UTC+01:00)");
        assertThat(MailFormats.local(Instant.parse("2026-07-01T09:00:00Z"), zurich, Locale.ENGLISH))
                .endsWith("11:00 (Europe/Zurich, UTC+02:00)");
        assertThat(MailFormats.local(Instant.parse("2026-11-30T09:00:00Z"), zurich, Locale.GERMAN))
                .isEqualTo("Montag, 30. November 2026, 10:00 (Europe/Zurich, UTC+01:00)");
        assertThat(MailFormats.local(Instant.parse("2026-11-30T17:00:00Z"), ZoneId.of("America/Los_Angeles"),
                Locale.FRENCH)).isEqualTo("lundi 30 novembre 2026, 09:00 (America/Los_Angeles, UTC-08:00)");
        assertThat(MailFormats.local(Instant.parse("2026-11-30T09:00:00Z"), ZoneId.of("UTC"), Locale.ENGLISH))
                .endsWith("09:00 (UTC, UTC)");
        assertThat(MailFormats.utc(Instant.parse("2026-11-30T09:00:59.9Z"))).isEqualTo("2026-11-30 09:00 UTC");
    }

    @ParameterizedTest
    @CsvSource({
            // duration, as mails show it
            "PT2H,         2 h",
            "PT30M,        30 min",
            "PT29M59.6S,   30 min",
            "PT1H5M,       1 h 05 min",
            "PT76H5M,      76 h 05 min",
            "PT1M,         1 min",
            "PT59.9S,      59 s",
            "PT30S,        30 s",
            "PT0S,         0 s",
            "-PT30M,       30 min"})
    void durationsReadInHoursAndMinutes(String duration, String shown) {
        assertThat(MailFormats.duration(Duration.parse(duration))).isEqualTo(shown);
    }
}
