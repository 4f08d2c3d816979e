package io.slaplatform.slaclock.report;

import io.slaplatform.events.Impact;
import io.slaplatform.slaclock.calendar.BusinessCalendar;
import io.slaplatform.slaclock.cycle.CycleSummary.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;

/**
 * SLA attainment over the cycles started in a range of months, as of an instant.
 *
 * <p>A cycle belongs to the month in which it started, in its calendar's time zone. As of {@code asOf} it is
 * <em>met</em> (answered at or before its deadline), <em>missed</em> (answered late, or still unanswered past its
 * deadline: breached) or <em>open</em> (unanswered, deadline ahead). Attainment is met / (met + missed); open
 * cycles are not decided yet and count in neither. The response time of an answered cycle is the business time
 * from its start to support's response, on its calendar; medians and 90th percentiles are nearest-rank over the
 * answered cycles of a group.
 */
public final class Attainment {

    /** How a cycle stands as of the report. */
    public enum Standing {
        MET, LATE, BREACHED, OPEN;

        boolean missed() {
            return this == LATE || this == BREACHED;
        }
    }

    /**
     * The figures of a group of cycles; {@code month}, {@code calendar} and {@code impact} say which group (null:
     * all). {@code attainment} is null while no cycle of the group is decided, the response times while none is
     * answered.
     */
    public record Group(YearMonth month, String calendar, Impact impact, int cycles, int met, int missed, int open,
                        Double attainment, Duration medianResponse, Duration p90Response) {
    }

    /**
     * A missed cycle: answered late ({@code LATE}, {@code respondedAt} set) or still unanswered past its deadline
     * ({@code BREACHED}); {@code lateness} is the business time past the deadline, at the response or so far.
     */
    public record Breach(UUID requestId, int cycle, YearMonth month, String calendar, Impact impact,
                         Instant startedAt, Instant deadline, Instant respondedAt, Standing standing,
                         Duration lateness) {
    }

    /** The report: the whole range, by month, by impact, by calendar, and every month × calendar × impact. */
    public record Report(YearMonth from, YearMonth to, Instant asOf, Group total, List<Group> byMonth,
                         List<Group> byImpact, List<Group> byCalendar, List<Group> rows) {
    }

    /** A cycle with what the report derives from it. */
    private record Judged(CycleRecord cycle, YearMonth month, Standing standing, Duration response,
                          Duration lateness) {
    }

    private final YearMonth from;
    private final YearMonth to;
    private final Instant asOf;
    private final List<Judged> judged = new ArrayList<>();

    /**
     * @param cycles    the cycles, at least those started in the range; others are left out
     * @param calendars a calendar by id; a cycle whose calendar is no longer configured is counted in UTC months
     *                  with no business times
     */
    public Attainment(List<CycleRecord> cycles, Function<String, Optional<BusinessCalendar>> calendars,
                      YearMonth from, YearMonth to, Instant asOf) {
        this.from = Objects.requireNonNull(from, "from");
        this.to = Objects.requireNonNull(to, "to");
        this.asOf = Objects.requireNonNull(asOf, "asOf");
        if (from.isAfter(to)) {
            throw new IllegalArgumentException("from " + from + " is after to " + to);
        }
        for (CycleRecord cycle : cycles) {
            BusinessCalendar calendar = calendars.apply(cycle.calendar()).orElse(null);
            ZoneId zone = calendar == null ? ZoneOffset.UTC : calendar.zone();
            YearMonth month = YearMonth.from(cycle.startedAt().atZone(zone));
            if (month.isBefore(from) || month.isAfter(to)) {
                continue;
            }
            Standing standing = standing(cycle, asOf);
            Duration response = null;
            Duration lateness = null;
            if (calendar != null) {
                if (cycle.respondedAt() != null) {
                    response = calendar.businessTimeBetween(cycle.startedAt(), cycle.respondedAt());
                }
                if (standing == Standing.LATE) {
                    lateness = calendar.businessTimeBetween(cycle.deadline(), cycle.respondedAt());
                } else if (standing == Standing.BREACHED) {
                    lateness = calendar.businessTimeBetween(cycle.deadline(), asOf);
                }
            }
            judged.add(new Judged(cycle, month, standing, response, lateness));
        }
    }

    /** How {@code cycle} stands as of {@code asOf}. */
    public static Standing standing(CycleRecord cycle, Instant asOf) {
        if (cycle.outcome() != null) {
            return cycle.outcome() == Outcome.MET ? Standing.MET : Standing.LATE;
        }
        return asOf.isBefore(cycle.deadline()) ? Standing.OPEN : Standing.BREACHED;
    }

    public Report report() {
        List<Group> byMonth = new ArrayList<>();
        for (YearMonth month = from; !month.isAfter(to); month = month.plusMonths(1)) {
            YearMonth m = month;
            byMonth.add(group(m, null, null, judged.stream().filter(j -> j.month().equals(m)).toList()));
        }
        List<Group> byImpact = new ArrayList<>();
        for (Impact impact : Impact.values()) {
            byImpact.add(group(null, null, impact, judged.stream().filter(j -> j.cycle().impact() == impact).toList()));
        }
        Map<String, List<Judged>> calendars = new TreeMap<>();
        Map<String, List<Judged>> cells = new TreeMap<>();
        for (Judged j : judged) {
            calendars.computeIfAbsent(j.cycle().calendar(), k -> new ArrayList<>()).add(j);
            cells.computeIfAbsent(j.month() + "\u0000" + j.cycle().calendar() + "\u0000" + j.cycle().impact().ordinal(),
                    k -> new ArrayList<>()).add(j);
        }
        List<Group> byCalendar = calendars.entrySet().stream()
                .map(e -> group(null, e.getKey(), null, e.getValue())).toList();
        List<Group> rows = cells.values().stream().map(cell -> {
            CycleRecord first = cell.get(0).cycle();
            return group(cell.get(0).month(), first.calendar(), first.impact(), cell);
        }).toList();
        return new Report(from, to, asOf, group(null, null, null, judged), byMonth, byImpact, byCalendar, rows);
    }

    /** The missed cycles, by deadline. */
    public List<Breach> breaches() {
        return judged.stream().filter(j -> j.standing().missed())
                .sorted(Comparator.comparing((Judged j) -> j.cycle().deadline())
                        .thenComparing(j -> j.cycle().requestId()).thenComparingInt(j -> j.cycle().cycle()))
                .map(j -> new Breach(j.cycle().requestId(), j.cycle().cycle(), j.month(), j.cycle().calendar(),
                        j.cycle().impact(), j.cycle().startedAt(), j.cycle().deadline(), j.cycle().respondedAt(),
                        j.standing(), j.lateness()))
                .toList();
    }

    private static Group group(YearMonth month, String calendar, Impact impact, List<Judged> cycles) {
        int met = 0;
        int missed = 0;
        int open = 0;
        List<Duration> responses = new ArrayList<>();
        for (Judged j : cycles) {
            if (j.standing() == Standing.MET) {
                met++;
            } else if (j.standing().missed()) {
                missed++;
            } else {
                open++;
            }
            if (j.response() != null) {
                responses.add(j.response());
            }
        }
        responses.sort(null);
        return new Group(month, calendar, impact, cycles.size(), met, missed, open,
                met + missed == 0 ? null : (double) met / (met + missed),
                percentile(responses, 0.5), percentile(responses, 0.9));
    }

    /** The nearest-rank percentile of sorted values: the smallest with at least {@code share} of them at or below. */
    static Duration percentile(List<Duration> sorted, double share) {
        if (sorted.isEmpty()) {
            return null;
        }
        int rank = (int) Math.ceil(share * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }
}
