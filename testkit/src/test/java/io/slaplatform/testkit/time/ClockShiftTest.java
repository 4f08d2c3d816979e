package io.slaplatform.testkit.time;

import io.slaplatform.testkit.PostgresSchemas;
import io.slaplatform.testkit.Sql;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The test JVMs run on the clock the build means: moved by {@code -Dclock.shift} (libfaketime's {@code FAKETIME},
 * see scripts/verify-clock-shifted.sh), else the true time. PostgreSQL's clock, never moved, is the reference; so a
 * clock-shifted run that silently ran on the true time fails here.
 */
class ClockShiftTest {

    private static final Pattern OFFSET = Pattern.compile("([+-]\\d+)([smhdy]?)");

    @Test
    void theJvmClockIsTheDatabasesMovedByTheRequestedShift() {
        Duration expected = shift(System.getenv("FAKETIME"));
        Instant database = Instant.parse(Sql.text(PostgresSchemas.dataSource(),
                "SELECT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')"));
        Duration actual = Duration.between(database, Instant.now());
        assertThat(actual.minus(expected).abs()).as("JVM clock minus PostgreSQL's (%s), expected %s", actual, expected)
                .isLessThan(Duration.ofMinutes(5));
    }

    /** libfaketime's relative offset ({@code +3y}, {@code -400d}, {@code +90}): a year is 365 days. */
    private static Duration shift(String faketime) {
        if (faketime == null || faketime.isBlank()) {
            return Duration.ZERO;
        }
        Matcher m = OFFSET.matcher(faketime.trim());
        assertThat(m.matches()).as("FAKETIME=%s is a relative offset", faketime).isTrue();
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            case "d" -> Duration.ofDays(n);
            case "y" -> Duration.ofDays(365 * n);
            default -> Duration.ofSeconds(n);
        };
    }
}
