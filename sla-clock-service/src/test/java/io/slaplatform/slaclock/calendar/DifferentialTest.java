package io.slaplatform.slaclock.calendar;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The engine against {@link MinuteSteppingReference} on random cases over 2024-2030, for the calendars
 * of {@link TestCalendars#MIX} (office hours in two zones, 24x7 in UTC and on the Zurich wall clock,
 * a split day open on Saturdays, a night shift with bounds inside the DST gap and overlap).
 *
 * <p>The seed is fixed and printed; rerun another with {@code -Dcalendar.differential.seed=N}.
 */
class DifferentialTest {

    private static final long SEED = Long.getLong("calendar.differential.seed", 20_261_127L);
    private static final int WHOLE_MINUTE_CASES = 1_000_000;
    private static final int SUB_MINUTE_CASES = 100_000;
    private static final int MAX_REPORTED = 10;

    private static final Instant STARTS_FROM = Instant.parse("2024-01-01T00:00:00Z");
    private static final long START_MINUTES = Duration.between(STARTS_FROM, Instant.parse("2031-01-01T00:00:00Z")).toMinutes();
    // Room after the last start for long targets on the sparse night-shift calendar.
    private static final Instant REFERENCE_FROM = Instant.parse("2023-12-31T00:00:00Z");
    private static final Instant REFERENCE_TO = Instant.parse("2032-06-01T00:00:00Z");
    private static final Duration SEARCH_HORIZON = Duration.ofDays(30);
    private static final long[] IMPACT_MINUTES = {120, 240, 480, 720};

    private static List<MinuteSteppingReference> references;

    @BeforeAll
    static void buildReferences() {
        long began = System.nanoTime();
        references = new ArrayList<>();
        for (BusinessCalendar calendar : TestCalendars.MIX) {
            references.add(new MinuteSteppingReference(calendar, REFERENCE_FROM, REFERENCE_TO));
        }
        System.out.printf("DifferentialTest: seed %d; reference tables for %d calendars built in %d ms%n",
                SEED, references.size(), (System.nanoTime() - began) / 1_000_000);
    }

    @Test
    void wholeMinuteStartsAndTargetsAgreeWithTheReference() {
        SplittableRandom random = new SplittableRandom(SEED);
        Mismatches mismatches = new Mismatches("whole-minute");
        long began = System.nanoTime();
        for (int n = 0; n < WHOLE_MINUTE_CASES; n++) {
            int c = random.nextInt(references.size());
            BusinessCalendar calendar = TestCalendars.MIX.get(c);
            MinuteSteppingReference reference = references.get(c);
            Instant start = STARTS_FROM.plus(Duration.ofMinutes(random.nextLong(START_MINUTES)));
            Duration target = Duration.ofMinutes(targetMinutes(random));

            Instant deadline = calendar.deadline(start, target);
            mismatches.check(calendar, "deadline", start, target, deadline, reference.deadline(start, target));
            mismatches.check(calendar, "businessTimeBetween(start, deadline)", start, target,
                    calendar.businessTimeBetween(start, deadline), target);
            if (n % 8 == 0) {
                Instant end = start.plus(Duration.ofMinutes(random.nextLong(3 * 24 * 60)));
                mismatches.check(calendar, "businessTimeBetween", start, end,
                        calendar.businessTimeBetween(start, end), reference.businessTimeBetween(start, end));
                checkStatus(calendar, reference, start, mismatches);
            }
        }
        report(mismatches, WHOLE_MINUTE_CASES, began);
    }

    @Test
    void subMinuteStartsAndTargetsAgreeWithTheReference() {
        SplittableRandom random = new SplittableRandom(SEED ^ 0x5DEECE66DL);
        Mismatches mismatches = new Mismatches("sub-minute");
        long began = System.nanoTime();
        for (int n = 0; n < SUB_MINUTE_CASES; n++) {
            int c = random.nextInt(references.size());
            BusinessCalendar calendar = TestCalendars.MIX.get(c);
            MinuteSteppingReference reference = references.get(c);
            Instant start = STARTS_FROM.plusNanos(random.nextLong(START_MINUTES * 60_000_000_000L));
            // Often a whole minute count plus a few nanoseconds, to land next to interval bounds.
            Duration target = random.nextBoolean()
                    ? Duration.ofNanos(random.nextLong(24 * 3_600_000_000_000L))
                    : Duration.ofMinutes(targetMinutes(random)).plusNanos(random.nextLong(-2, 3)).abs();

            mismatches.check(calendar, "deadline", start, target, calendar.deadline(start, target),
                    reference.deadline(start, target));
            Instant end = start.plusNanos(random.nextLong(2 * 86_400_000_000_000L));
            mismatches.check(calendar, "businessTimeBetween", start, end,
                    calendar.businessTimeBetween(start, end), reference.businessTimeBetween(start, end));
            checkStatus(calendar, reference, start, mismatches);
        }
        report(mismatches, SUB_MINUTE_CASES, began);
    }

    private static long targetMinutes(SplittableRandom random) {
        int kind = random.nextInt(1000);
        if (kind < 400) {
            return IMPACT_MINUTES[random.nextInt(IMPACT_MINUTES.length)];
        }
        if (kind < 900) {
            return random.nextLong(24 * 60 + 1);
        }
        if (kind < 995) {
            return random.nextLong(61);
        }
        return random.nextLong(200 * 60 + 1);
    }

    private static void checkStatus(BusinessCalendar calendar, MinuteSteppingReference reference, Instant at,
            Mismatches mismatches) {
        mismatches.check(calendar, "isOpen", at, null, calendar.isOpen(at), reference.isOpen(at));
        mismatches.check(calendar, "nextOpening", at, null,
                withinHorizon(at, calendar.nextOpening(at)), reference.nextOpening(at, SEARCH_HORIZON));
        mismatches.check(calendar, "nextClosing", at, null,
                withinHorizon(at, calendar.nextClosing(at)), reference.nextClosing(at, SEARCH_HORIZON));
    }

    /** The reference looks no further than the horizon: compare what both can see. */
    private static Optional<Instant> withinHorizon(Instant from, Optional<Instant> next) {
        return next.filter(t -> t.isBefore(from.plus(SEARCH_HORIZON)));
    }

    private static void report(Mismatches mismatches, int cases, long began) {
        System.out.printf("DifferentialTest %s: %d cases, %d checks, %d mismatches, %d ms (seed %d)%n",
                mismatches.kind, cases, mismatches.checks, mismatches.count, (System.nanoTime() - began) / 1_000_000, SEED);
        mismatches.first.forEach(m -> System.out.println("  MISMATCH " + m));
        assertThat(mismatches.count).as("mismatches (first ones above); seed %d", SEED).isZero();
    }

    private static final class Mismatches {
        final String kind;
        final List<String> first = new ArrayList<>();
        long checks;
        long count;

        Mismatches(String kind) {
            this.kind = kind;
        }

        void check(BusinessCalendar calendar, String what, Instant at, Object argument, Object engine, Object reference) {
            checks++;
            if (!Objects.equals(engine, reference)) {
                count++;
                if (first.size() < MAX_REPORTED) {
                    first.add(String.format("%s %s(%s [%s]%s): engine %s, reference %s", calendar.id(), what, at,
                            at.atZone(calendar.zone()).toLocalDateTime(), argument == null ? "" : ", " + argument,
                            engine, reference));
                }
            }
        }
    }
}
