package io.slaplatform.slaclock.report;

import io.slaplatform.events.Impact;
import io.slaplatform.slaclock.calendar.BusinessCalendar;
import io.slaplatform.slaclock.calendar.StandardCalendars;
import io.slaplatform.slaclock.cycle.CycleSummary.Outcome;
import io.slaplatform.slaclock.report.Attainment.Standing;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AttainmentTest {

    private static final BusinessCalendar SWISS = StandardCalendars.swiss();
    private static final BusinessCalendar ALWAYS = StandardCalendars.alwaysOpenUtc();
    private static final Map<String, BusinessCalendar> CALENDARS = Map.of(SWISS.id(), SWISS, ALWAYS.id(), ALWAYS);
    private static final YearMonth NOVEMBER = YearMonth.of(2026, 11);
    /** Friday 27 November 2026, 15:00 in Zurich. */
    private static final Instant AS_OF = Instant.parse("2026-11-27T14:00:00Z");

    private static Optional<BusinessCalendar> calendar(String id) {
        return Optional.ofNullable(CALENDARS.get(id));
    }

    private static CycleRecord answered(BusinessCalendar calendar, Impact impact, String start, String deadline,
                                        String respondedAt) {
        Instant responded = Instant.parse(respondedAt);
        Outcome outcome = responded.isAfter(Instant.parse(deadline)) ? Outcome.LATE : Outcome.MET;
        return new CycleRecord(UUID.randomUUID(), 1, calendar.id(), impact, Instant.parse(start),
                Instant.parse(deadline), outcome, responded);
    }

    private static CycleRecord unanswered(BusinessCalendar calendar, Impact impact, String start, String deadline) {
        return new CycleRecord(UUID.randomUUID(), 1, calendar.id(), impact, Instant.parse(start),
                Instant.parse(deadline), null, null);
    }

    @Test
    void sharesMetCountMissedAndLeaveOpenCyclesOut() {
        List<CycleRecord> cycles = List.of(
                // met: 1 business hour after the start (Mon 09:00–10:00 Zurich)
                answered(SWISS, Impact.CRITICAL, "2026-11-23T08:00:00Z", "2026-11-23T10:00:00Z", "2026-11-23T09:00:00Z"),
                // late by 30 business minutes
                answered(SWISS, Impact.CRITICAL, "2026-11-24T08:00:00Z", "2026-11-24T10:00:00Z", "2026-11-24T10:30:00Z"),
                // breached, unanswered: its deadline passed an hour of business time ago (14:00 → 15:00 Zurich)
                unanswered(SWISS, Impact.MAJOR, "2026-11-27T09:00:00Z", "2026-11-27T13:00:00Z"),
                // open: deadline ahead
                unanswered(SWISS, Impact.MAJOR, "2026-11-27T13:00:00Z", "2026-11-30T09:00:00Z"));

        Attainment.Report report = new Attainment(cycles, AttainmentTest::calendar, NOVEMBER, NOVEMBER, AS_OF).report();

        Attainment.Group total = report.total();
        assertThat(total.cycles()).isEqualTo(4);
        assertThat(total.met()).isEqualTo(1);
        assertThat(total.missed()).isEqualTo(2);
        assertThat(total.open()).isEqualTo(1);
        assertThat(total.attainment()).isEqualTo(1.0 / 3);
        // responses: 1 h and 2 h 30 min of business time; nearest rank: median the first, p90 the second
        assertThat(total.medianResponse()).isEqualTo(Duration.ofHours(1));
        assertThat(total.p90Response()).isEqualTo(Duration.ofMinutes(150));

        assertThat(report.byImpact()).extracting(Attainment.Group::impact).containsExactly(Impact.values());
        Attainment.Group critical = report.byImpact().stream().filter(g -> g.impact() == Impact.CRITICAL)
                .findFirst().orElseThrow();
        assertThat(critical.attainment()).isEqualTo(0.5);
        Attainment.Group major = report.byImpact().stream().filter(g -> g.impact() == Impact.MAJOR)
                .findFirst().orElseThrow();
        assertThat(major.attainment()).isEqualTo(0.0);
        assertThat(major.medianResponse()).isNull();
        Attainment.Group limited = report.byImpact().stream().filter(g -> g.impact() == Impact.LIMITED)
                .findFirst().orElseThrow();
        assertThat(limited.cycles()).isZero();
        assertThat(limited.attainment()).isNull();

        assertThat(report.rows()).extracting(Attainment.Group::month, Attainment.Group::calendar,
                        Attainment.Group::impact, Attainment.Group::cycles)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(NOVEMBER, "swiss", Impact.MAJOR, 2),
                        org.assertj.core.groups.Tuple.tuple(NOVEMBER, "swiss", Impact.CRITICAL, 2));
    }

    @Test
    void breachesListLateAndUnansweredCyclesWithTheirBusinessLateness() {
        CycleRecord late = answered(SWISS, Impact.CRITICAL, "2026-11-24T08:00:00Z", "2026-11-24T10:00:00Z",
                "2026-11-24T10:30:00Z");
        // deadline Thursday 16:00 Zurich, unanswered: 1 h Thursday + 1 h Friday (09:00–15:00 is 6 h) = 7 h
        CycleRecord breached = unanswered(SWISS, Impact.MAJOR, "2026-11-26T08:00:00Z", "2026-11-26T15:00:00Z");
        CycleRecord met = answered(SWISS, Impact.CRITICAL, "2026-11-23T08:00:00Z", "2026-11-23T10:00:00Z",
                "2026-11-23T09:00:00Z");

        List<Attainment.Breach> breaches = new Attainment(List.of(breached, met, late), AttainmentTest::calendar,
                NOVEMBER, NOVEMBER, AS_OF).breaches();

        assertThat(breaches).extracting(Attainment.Breach::requestId)
                .containsExactly(late.requestId(), breached.requestId());
        assertThat(breaches.get(0).standing()).isEqualTo(Standing.LATE);
        assertThat(breaches.get(0).lateness()).isEqualTo(Duration.ofMinutes(30));
        assertThat(breaches.get(1).standing()).isEqualTo(Standing.BREACHED);
        assertThat(breaches.get(1).respondedAt()).isNull();
        assertThat(breaches.get(1).lateness()).isEqualTo(Duration.ofHours(7));
    }

    @Test
    void aCycleCountsInTheMonthItStartedOnItsCalendarsClock() {
        // 31 October 23:30 UTC is 1 November 00:30 in Zurich: November on the Swiss calendar, October in UTC
        CycleRecord swiss = unanswered(SWISS, Impact.LIMITED, "2026-10-31T23:30:00Z", "2026-11-03T09:00:00Z");
        CycleRecord utc = unanswered(ALWAYS, Impact.LIMITED, "2026-10-31T23:30:00Z", "2026-11-01T11:30:00Z");

        Attainment.Report report = new Attainment(List.of(swiss, utc), AttainmentTest::calendar,
                YearMonth.of(2026, 10), NOVEMBER, AS_OF).report();

        assertThat(report.byMonth()).extracting(Attainment.Group::month, Attainment.Group::cycles).containsExactly(
                org.assertj.core.groups.Tuple.tuple(YearMonth.of(2026, 10), 1),
                org.assertj.core.groups.Tuple.tuple(NOVEMBER, 1));
        assertThat(report.byCalendar()).extracting(Attainment.Group::calendar)
                .containsExactly(ALWAYS.id(), SWISS.id());
        // outside the range: left out
        assertThat(new Attainment(List.of(swiss, utc), AttainmentTest::calendar, NOVEMBER, NOVEMBER, AS_OF)
                .report().total().cycles()).isEqualTo(1);
    }

    @Test
    void percentilesAreNearestRank() {
        List<Duration> values = new ArrayList<>();
        for (int minutes = 1; minutes <= 10; minutes++) {
            values.add(Duration.ofMinutes(minutes));
        }
        assertThat(Attainment.percentile(values, 0.5)).isEqualTo(Duration.ofMinutes(5));
        assertThat(Attainment.percentile(values, 0.9)).isEqualTo(Duration.ofMinutes(9));
        assertThat(Attainment.percentile(values.subList(0, 1), 0.9)).isEqualTo(Duration.ofMinutes(1));
        assertThat(Attainment.percentile(List.of(), 0.5)).isNull();
    }

    @Test
    void aCalendarNoLongerConfiguredCountsInUtcMonthsWithoutBusinessTimes() {
        CycleRecord gone = new CycleRecord(UUID.randomUUID(), 1, "retired", Impact.MAJOR,
                Instant.parse("2026-11-02T10:00:00Z"), Instant.parse("2026-11-02T12:00:00Z"), Outcome.LATE,
                Instant.parse("2026-11-02T13:00:00Z"));
        Attainment attainment = new Attainment(List.of(gone), AttainmentTest::calendar, NOVEMBER, NOVEMBER, AS_OF);
        assertThat(attainment.report().total().missed()).isEqualTo(1);
        assertThat(attainment.report().total().medianResponse()).isNull();
        assertThat(attainment.breaches()).singleElement().satisfies(b -> assertThat(b.lateness()).isNull());
        assertThatThrownBy(() -> new Attainment(List.of(), AttainmentTest::calendar, NOVEMBER, NOVEMBER.minusMonths(1),
                AS_OF)).isInstanceOf(IllegalArgumentException.class);
    }
}
