package io.slaplatform.slaclock.calendar;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The SLA core (the calendar engine and the cycle planner) stays framework-free and clock-free (STYLE.md):
 * adapters call into it, never the reverse, and time enters as a parameter. Checked on the sources, so a
 * fully-qualified use counts too.
 */
class CorePackageIndependenceTest {

    private static final Path CORE = Path.of("src/main/java/io/slaplatform/slaclock/calendar");
    private static final Path CYCLES = Path.of("src/main/java/io/slaplatform/slaclock/cycle");

    private static final Pattern FRAMEWORK = Pattern.compile(
            "\\b(jakarta|javax|io\\.quarkus|io\\.smallrye|org\\.eclipse|org\\.jboss|io\\.vertx|org\\.hibernate)\\.[a-z]");
    private static final Pattern SYSTEM_CLOCK = Pattern.compile(
            "\\b(Instant|LocalDate|LocalDateTime|LocalTime|ZonedDateTime|OffsetDateTime|Year)\\.now\\s*\\("
                    + "|\\bClock\\.system|\\bSystem\\.currentTimeMillis\\s*\\(");

    @Test
    void coreSourcesImportNoFramework() throws IOException {
        assertThat(offences(FRAMEWORK)).isEmpty();
    }

    @Test
    void coreSourcesNeverReadTheSystemClock() throws IOException {
        assertThat(offences(SYSTEM_CLOCK)).isEmpty();
    }

    private static List<String> offences(Pattern pattern) throws IOException {
        List<Path> sources;
        try (Stream<Path> files = Stream.concat(Files.list(CORE), Files.list(CYCLES))) {
            sources = files.filter(p -> p.toString().endsWith(".java")).toList();
        }
        // Guards against a moved folder making the check pass vacuously.
        assertThat(sources).extracting(p -> p.getFileName().toString())
                .contains("BusinessCalendar.java", "WeeklySchedule.java", "HolidaySet.java", "CyclePlanner.java");
        List<String> offences = new ArrayList<>();
        for (Path source : sources) {
            List<String> lines = Files.readAllLines(source);
            for (int i = 0; i < lines.size(); i++) {
                Matcher matcher = pattern.matcher(lines.get(i));
                if (matcher.find()) {
                    offences.add(source.getFileName() + ":" + (i + 1) + ": " + lines.get(i).trim());
                }
            }
        }
        return offences;
    }
}
