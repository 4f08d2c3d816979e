package io.slaplatform.testkit.quarkus;

import io.slaplatform.testkit.time.TestClock;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * Gives every Quarkus test application a {@link TestClock} as its {@code Clock} bean, in place of the services'
 * default system clock ({@code ClockProducer}, a default bean). Not moved, it reads what that clock reads; a test
 * injects {@code TestClock} to move it (inject it rather than keep it in a static field: a test's class loader is
 * not always the application's).
 */
@Dependent
public class TestClockProducer {

    @Produces
    @Singleton
    TestClock clock() {
        return TestClock.system();
    }
}
