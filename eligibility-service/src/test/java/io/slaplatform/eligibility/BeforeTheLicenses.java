package io.slaplatform.eligibility;

import io.slaplatform.testkit.time.TestClock;
import jakarta.inject.Inject;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Base of the eligibility tests written with the fixed license of {@link EligibilityTestSupport} (March 2026): the
 * service's clock is moved to {@link #ADMIN_DAY}, the day before that license starts, before each test and put back
 * after it. Registering the license and confirming its add-on then happen while the license can still be eligible
 * (an expired license's add-on is refused) and before the requests the tests submit in March (a request is decided
 * on the add-on as it stood at its submission), whatever day the suite runs on.
 */
abstract class BeforeTheLicenses {

    /** The service's "now" during a test: the day before {@link EligibilityTestSupport#ACTIVATED}. */
    static final Instant ADMIN_DAY = EligibilityTestSupport.ACTIVATED.minusSeconds(24 * 3600);

    @Inject
    TestClock testClock;

    @BeforeEach
    void moveTheClockBeforeTheLicenses() {
        testClock.moveTo(ADMIN_DAY);
    }

    @AfterEach
    void putTheClockBack() {
        testClock.reset();
    }
}
