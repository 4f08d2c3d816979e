package io.slaplatform.slaclock.calendar;

import java.time.LocalDate;
import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The dates on which a business calendar is closed whatever its weekly schedule says: public
 * holidays and company closure days.
 *
 * <p>The dates come from a {@link YearlyHolidays} rule, asked at most once per calendar year (on first
 * use) and cached for the life of the set; a holiday observed in the previous year (a US New Year's
 * Day on Friday 31 December) is cached under the year it falls in, so it is never lost.
 *
 * <p>This class is thread-safe; it is immutable apart from that cache, which never changes an answer.
 * Two sets are equal when their rules are equal (the description is not compared).
 */
public final class HolidaySet {

    private static final HolidaySet NONE = new HolidaySet("none", new FixedDates(Set.of()));

    private final String description;
    private final YearlyHolidays rule;
    private final Map<Integer, NavigableSet<LocalDate>> byYear = new ConcurrentHashMap<>();

    private HolidaySet(String description, YearlyHolidays rule) {
        this.description = description;
        this.rule = rule;
    }

    /**
     * Obtains a set computed by a rule.
     *
     * @param description a short human-readable description, for messages
     * @param rule the rule; pure and thread-safe
     * @return the set
     */
    public static HolidaySet of(String description, YearlyHolidays rule) {
        return new HolidaySet(Objects.requireNonNull(description, "description"), Objects.requireNonNull(rule, "rule"));
    }

    /**
     * Obtains a set of fixed dates, such as configured company closure days.
     *
     * @param dates the dates
     * @return the set
     */
    public static HolidaySet ofDates(Collection<LocalDate> dates) {
        Set<LocalDate> copy = Set.copyOf(Objects.requireNonNull(dates, "dates"));
        return copy.isEmpty() ? NONE : new HolidaySet("fixed dates " + new TreeSet<>(copy), new FixedDates(copy));
    }

    /**
     * Returns the empty set.
     *
     * @return a set without any date
     */
    public static HolidaySet none() {
        return NONE;
    }

    /**
     * Returns the major US holidays of the support terms, from Jollyday
     * ({@link JollydayHolidays#usMajor()}): New Year's Day, Memorial Day, Independence Day, Labor Day,
     * Thanksgiving Day and Christmas Day, a Saturday one observed the Friday before and a Sunday one
     * the Monday after. One shared instance.
     *
     * @return the major US holidays
     */
    public static HolidaySet usMajor() {
        return Defaults.US_MAJOR;
    }

    /**
     * Returns the public holidays of the Swiss canton of Vaud, from Jollyday
     * ({@link JollydayHolidays#swissVaud()}): 1 and 2 January, Good Friday, Easter Monday, Ascension
     * Day, Whit Monday, 1 August, Federal Fast Monday and 25 December, never shifted. One shared instance.
     *
     * @return the canton-Vaud holidays
     */
    public static HolidaySet swissVaud() {
        return Defaults.SWISS_VAUD;
    }

    /**
     * Returns the set of the dates in this set or the other.
     *
     * @param other the other set
     * @return the union; this set if the other is empty
     */
    public HolidaySet union(HolidaySet other) {
        Objects.requireNonNull(other, "other");
        if (other.equals(NONE) || other.equals(this)) {
            return this;
        }
        if (this.equals(NONE)) {
            return other;
        }
        return new HolidaySet(description + " + " + other.description, new Union(this, other));
    }

    /**
     * Whether a date is in the set.
     *
     * @param date the date
     * @return true if the calendar is closed on that date
     */
    public boolean contains(LocalDate date) {
        return datesIn(Objects.requireNonNull(date, "date").getYear()).contains(date);
    }

    /**
     * Returns the dates of the set falling in a calendar year.
     *
     * @param year the proleptic ISO year
     * @return the dates, sorted; unmodifiable
     */
    public NavigableSet<LocalDate> datesIn(int year) {
        NavigableSet<LocalDate> dates = byYear.get(year);
        if (dates == null) {
            // Computed outside the map's lock: a rule may be slow (Jollyday parses XML on first use), and a
            // duplicate computation by a racing thread yields the same answer.
            dates = Collections.unmodifiableNavigableSet(new TreeSet<>(checked(year, rule.datesIn(year))));
            NavigableSet<LocalDate> raced = byYear.putIfAbsent(year, dates);
            if (raced != null) {
                dates = raced;
            }
        }
        return dates;
    }

    private Set<LocalDate> checked(int year, Set<LocalDate> dates) {
        Objects.requireNonNull(dates, "rule returned null");
        for (LocalDate date : dates) {
            if (date.getYear() != year) {
                throw new IllegalStateException(description + ": rule returned " + date + " for year " + year);
            }
        }
        return dates;
    }

    /**
     * Returns a short description, e.g. {@code Jollyday us [NEW_YEAR, ...]}.
     *
     * @return the description given when the set was created
     */
    public String description() {
        return description;
    }

    @Override
    public boolean equals(Object obj) {
        return obj instanceof HolidaySet other && rule.equals(other.rule);
    }

    @Override
    public int hashCode() {
        return rule.hashCode();
    }

    @Override
    public String toString() {
        return "HolidaySet[" + description + "]";
    }

    private record FixedDates(Set<LocalDate> dates) implements YearlyHolidays {
        @Override
        public Set<LocalDate> datesIn(int year) {
            Set<LocalDate> inYear = new TreeSet<>();
            for (LocalDate date : dates) {
                if (date.getYear() == year) {
                    inYear.add(date);
                }
            }
            return inYear;
        }
    }

    private record Union(HolidaySet first, HolidaySet second) implements YearlyHolidays {
        @Override
        public Set<LocalDate> datesIn(int year) {
            Set<LocalDate> both = new TreeSet<>(first.datesIn(year));
            both.addAll(second.datesIn(year));
            return both;
        }
    }

    // Holder idiom: Jollyday loads its XML only when a default set is first asked for.
    private static final class Defaults {
        static final HolidaySet US_MAJOR = of("major US holidays (Jollyday)", JollydayHolidays.usMajor());
        static final HolidaySet SWISS_VAUD = of("Swiss canton Vaud holidays (Jollyday)", JollydayHolidays.swissVaud());
    }
}
