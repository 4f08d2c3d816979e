package io.slaplatform.benchmarks;

import io.slaplatform.slaclock.calendar.BusinessCalendar;
import io.slaplatform.slaclock.calendar.MinuteSteppingReference;
import io.slaplatform.slaclock.calendar.StandardCalendars;
import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code BusinessCalendar.deadline} for each impact target over random start instants, on both
 * calendars of the support terms, against the minute-stepping reference in the same run.
 *
 * <p>Starts are 65,536 random instants (whole seconds, 2024 to 2030, fixed seed) cycled through, so
 * the branch predictor cannot learn one start. The engine's timeline is warmed for all of them in
 * setup, as it is in a running service after its first requests.
 */
@BenchmarkMode({Mode.SampleTime, Mode.AverageTime})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class DeadlineBenchmark {

    private static final int STARTS = 1 << 16;
    private static final long SEED = 20_261_127L;
    private static final Instant FROM = Instant.parse("2024-01-01T00:00:00Z");
    private static final Instant TO = Instant.parse("2031-01-01T00:00:00Z");

    /** Calendar and target shared by both benchmarks. */
    @State(Scope.Thread)
    public static class Case {
        @Param({StandardCalendars.US_PACIFIC, StandardCalendars.SWISS})
        public String calendarId;

        /** CRITICAL 2 h, MAJOR 4 h, MODERATE 8 h, LIMITED 12 h. */
        @Param({"CRITICAL", "MAJOR", "MODERATE", "LIMITED"})
        public String impact;

        BusinessCalendar calendar;
        Duration target;
        Instant[] starts;
        int next;

        @Setup(Level.Trial)
        public void setUp() {
            calendar = StandardCalendars.US_PACIFIC.equals(calendarId) ? StandardCalendars.usPacific() : StandardCalendars.swiss();
            target = switch (impact) {
                case "CRITICAL" -> Duration.ofHours(2);
                case "MAJOR" -> Duration.ofHours(4);
                case "MODERATE" -> Duration.ofHours(8);
                case "LIMITED" -> Duration.ofHours(12);
                default -> throw new IllegalArgumentException(impact);
            };
            SplittableRandom random = new SplittableRandom(SEED);
            long seconds = TO.getEpochSecond() - FROM.getEpochSecond();
            starts = new Instant[STARTS];
            for (int i = 0; i < STARTS; i++) {
                starts[i] = FROM.plusSeconds(random.nextLong(seconds));
            }
        }

        Instant nextStart() {
            Instant start = starts[next];
            next = (next + 1) & (STARTS - 1);
            return start;
        }
    }

    /** The engine, its timeline warmed for every start. */
    @State(Scope.Thread)
    public static class Engine {
        @Setup(Level.Trial)
        public void setUp(Case c) {
            for (Instant start : c.starts) {
                c.calendar.deadline(start, c.target);
            }
        }
    }

    /** The reference, its minute table built for the whole range plus room for the targets. */
    @State(Scope.Thread)
    public static class Reference {
        MinuteSteppingReference reference;

        @Setup(Level.Trial)
        public void setUp(Case c) {
            reference = new MinuteSteppingReference(c.calendar, FROM, TO.plus(Duration.ofDays(30)));
        }
    }

    @Benchmark
    public Instant engine(Case c, Engine warmed) {
        return c.calendar.deadline(c.nextStart(), c.target);
    }

    @Benchmark
    public Instant reference(Case c, Reference r) {
        return r.reference.deadline(c.nextStart(), c.target);
    }
}
