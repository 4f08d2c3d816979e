package io.slaplatform.slaclock.calendar;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;

/** Laws of business-time arithmetic that must hold for every calendar, start and target. */
class BusinessCalendarPropertiesTest {

    private static final long FROM_SECOND = Instant.parse("2024-01-01T00:00:00Z").getEpochSecond();
    private static final long TO_SECOND = Instant.parse("2031-01-01T00:00:00Z").getEpochSecond();
    private static final long HOUR_NANOS = 3_600_000_000_000L;

    @Provide
    Arbitrary<BusinessCalendar> calendars() {
        return Arbitraries.of(TestCalendars.MIX);
    }

    @Provide
    Arbitrary<Instant> instants() {
        Arbitrary<Instant> anyNano = Arbitraries.longs().between(FROM_SECOND * 1_000_000_000L, TO_SECOND * 1_000_000_000L)
                .map(n -> Instant.ofEpochSecond(0, n));
        // Whole minutes land on interval bounds, where off-by-one mistakes live.
        Arbitrary<Instant> wholeMinute = Arbitraries.longs().between(FROM_SECOND / 60, TO_SECOND / 60)
                .map(m -> Instant.ofEpochSecond(m * 60));
        return Arbitraries.oneOf(anyNano, wholeMinute);
    }

    @Provide
    Arbitrary<Duration> targets() {
        Arbitrary<Duration> anyNano = Arbitraries.longs().between(0, 100 * HOUR_NANOS).map(Duration::ofNanos);
        Arbitrary<Duration> wholeMinutes = Arbitraries.longs().between(0, 24 * 60).map(Duration::ofMinutes);
        Arbitrary<Duration> impacts = Arbitraries.of(2L, 4L, 8L, 12L).map(Duration::ofHours);
        return Arbitraries.oneOf(anyNano, wholeMinutes, impacts);
    }

    @Property(tries = 2000)
    void businessTimeUntilTheDeadlineIsTheTarget(@ForAll("calendars") BusinessCalendar calendar,
            @ForAll("instants") Instant start, @ForAll("targets") Duration target) {
        assertThat(calendar.businessTimeBetween(start, calendar.deadline(start, target))).isEqualTo(target);
    }

    @Property(tries = 2000)
    void deadlineIsMonotonicInTheTarget(@ForAll("calendars") BusinessCalendar calendar, @ForAll("instants") Instant start,
            @ForAll("targets") Duration a, @ForAll("targets") Duration b) {
        Duration shorter = a.compareTo(b) <= 0 ? a : b;
        Duration longer = a.compareTo(b) <= 0 ? b : a;

        assertThat(calendar.deadline(start, shorter)).isBeforeOrEqualTo(calendar.deadline(start, longer));
    }

    @Property(tries = 2000)
    void deadlineIsMonotonicInTheStart(@ForAll("calendars") BusinessCalendar calendar, @ForAll("instants") Instant a,
            @ForAll("instants") Instant b, @ForAll("targets") Duration target) {
        Instant earlier = a.isBefore(b) ? a : b;
        Instant later = a.isBefore(b) ? b : a;

        assertThat(calendar.deadline(earlier, target)).isBeforeOrEqualTo(calendar.deadline(later, target));
    }

    @Property(tries = 2000)
    void deadlineIsInsideOpeningHoursOrExactlyAtAClosingTime(@ForAll("calendars") BusinessCalendar calendar,
            @ForAll("instants") Instant start, @ForAll("targets") Duration target) {
        if (target.isZero()) {
            return;
        }
        Instant deadline = calendar.deadline(start, target);
        Instant justBefore = deadline.minusNanos(1);

        assertThat(deadline).isAfter(start);
        // Business time was accruing right up to the deadline...
        assertThat(calendar.isOpen(justBefore)).isTrue();
        // ...and the deadline is either still open, or the closing time itself (not the next opening).
        assertThat(calendar.isOpen(deadline) || calendar.nextClosing(justBefore).equals(Optional.of(deadline))).isTrue();
    }

    @Property(tries = 2000)
    void deadlinesCompose(@ForAll("calendars") BusinessCalendar calendar, @ForAll("instants") Instant start,
            @ForAll("targets") Duration a, @ForAll("targets") Duration b) {
        assertThat(calendar.deadline(calendar.deadline(start, a), b)).isEqualTo(calendar.deadline(start, a.plus(b)));
    }

    @Property(tries = 2000)
    void businessTimeIsAdditive(@ForAll("calendars") BusinessCalendar calendar, @ForAll("instants") Instant a,
            @ForAll("instants") Instant b, @ForAll("instants") Instant c) {
        Instant[] sorted = java.util.stream.Stream.of(a, b, c).sorted().toArray(Instant[]::new);
        Duration whole = calendar.businessTimeBetween(sorted[0], sorted[2]);

        assertThat(calendar.businessTimeBetween(sorted[0], sorted[1]).plus(calendar.businessTimeBetween(sorted[1], sorted[2])))
                .isEqualTo(whole);
        assertThat(whole).isLessThanOrEqualTo(Duration.between(sorted[0], sorted[2]));
    }

    @Property(tries = 2000)
    void nextOpeningAndClosingAgreeWithIsOpen(@ForAll("calendars") BusinessCalendar calendar, @ForAll("instants") Instant at) {
        boolean open = calendar.isOpen(at);
        Optional<Instant> opening = calendar.nextOpening(at);
        Optional<Instant> closing = calendar.nextClosing(at);

        opening.ifPresent(o -> {
            assertThat(o).isAfter(at);
            assertThat(calendar.isOpen(o)).isTrue();
            assertThat(calendar.isOpen(o.minusNanos(1))).isFalse();
        });
        closing.ifPresent(c -> {
            assertThat(c).isAfter(at);
            assertThat(calendar.isOpen(c)).isFalse();
            assertThat(calendar.isOpen(c.minusNanos(1))).isTrue();
        });
        if (open) {
            // Open from now until the next closing, without a break.
            closing.ifPresent(c -> assertThat(calendar.businessTimeBetween(at, c)).isEqualTo(Duration.between(at, c)));
            if (opening.isPresent()) {
                assertThat(closing).isPresent();
                assertThat(closing.get()).isBefore(opening.get());
            }
        } else {
            // Closed from now until the next opening.
            opening.ifPresent(o -> assertThat(calendar.businessTimeBetween(at, o)).isZero());
            if (closing.isPresent()) {
                assertThat(opening).isPresent();
                assertThat(opening.get()).isBefore(closing.get());
            }
        }
    }

    @Property(tries = 1000)
    void warningFallsBetweenStartAndDeadline(@ForAll("calendars") BusinessCalendar calendar, @ForAll("instants") Instant start,
            @ForAll("targets") Duration target, @ForAll @DoubleRange(min = 0, minIncluded = false, max = 1) double share) {
        Instant warning = calendar.instantAtShare(start, target, share);
        Duration elapsed = calendar.businessTimeBetween(start, warning);

        assertThat(warning).isBetween(start, calendar.deadline(start, target));
        assertThat((double) elapsed.toNanos()).isGreaterThanOrEqualTo(target.toNanos() * share - 1);
        assertThat(elapsed.toNanos()).isLessThanOrEqualTo((long) Math.ceil(target.toNanos() * share) + 1);
    }
}
