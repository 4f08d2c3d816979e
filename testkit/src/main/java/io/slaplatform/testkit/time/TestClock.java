package io.slaplatform.testkit.time;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * The clock of a service under test: the system clock moved by an offset the test chooses. A test that works with
 * fixed instants (a deadline on a Monday morning, a license valid in March) moves "now" to where its instants are
 * meant to lie with {@link #moveTo(Instant)}; time then goes on at its normal pace, so timers, retries and
 * time-outs of the code under test still run. With no offset it reads exactly what the services' production clock
 * reads. It ticks in microseconds, PostgreSQL's precision, like that clock.
 *
 * <p>Every Quarkus test application gets one as its {@link Clock} bean ({@code TestClockProducer}), so a test
 * injects {@code TestClock} to move the clock of the application it tests. A test that moves it puts it back with
 * {@link #reset()} when it is done, because the application, and its clock, outlive the test class.
 *
 * <p>Thread-safe: the offset is one volatile field.
 */
public final class TestClock extends Clock {

    private final Clock base;
    private final ZoneId zone;
    private volatile Duration offset;

    private TestClock(Clock base, ZoneId zone, Duration offset) {
        this.base = base;
        this.zone = zone;
        this.offset = offset;
    }

    /** The system clock in UTC, not moved. */
    public static TestClock system() {
        return new TestClock(Clock.systemUTC(), ZoneOffset.UTC, Duration.ZERO);
    }

    /** Moves the clock so that it reads {@code now} at this moment and goes on from there. */
    public void moveTo(Instant now) {
        Objects.requireNonNull(now, "now");
        offset = Duration.between(base.instant(), now);
    }

    /** Moves the clock forward by {@code amount} (back, for a negative one). */
    public void advance(Duration amount) {
        Objects.requireNonNull(amount, "amount");
        offset = offset.plus(amount);
    }

    /** Back to the system clock's time. */
    public void reset() {
        offset = Duration.ZERO;
    }

    @Override
    public Instant instant() {
        return base.instant().plus(offset).truncatedTo(ChronoUnit.MICROS);
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    /** A view in another zone that follows this clock's moves. */
    @Override
    public Clock withZone(ZoneId zone) {
        Objects.requireNonNull(zone, "zone");
        TestClock owner = this;
        return new Clock() {
            @Override
            public ZoneId getZone() {
                return zone;
            }

            @Override
            public Clock withZone(ZoneId other) {
                return owner.withZone(other);
            }

            @Override
            public Instant instant() {
                return owner.instant();
            }
        };
    }

    @Override
    public String toString() {
        return "TestClock[offset=" + offset + "]";
    }
}
