package io.slaplatform.notifier;

import io.slaplatform.testkit.time.TestClock;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Base of the notifier tests written with fixed instants ({@link NotifierTestSupport#SUBMITTED}, deadlines on
 * Monday 2026-11-30): the notifier's clock is moved to {@link NotifierTestSupport#TEST_NOW} before each test, so
 * those instants lie where the tests mean them to (a deadline still ahead, a submission in the past) whatever day
 * the suite runs on, and put back after it.
 */
abstract class OnTheTestDay {

    @Inject
    TestClock clock;

    @BeforeEach
    void moveTheClockToTheTestDay() {
        clock.moveTo(NotifierTestSupport.TEST_NOW);
    }

    @AfterEach
    void putTheClockBack() {
        clock.reset();
    }
}
