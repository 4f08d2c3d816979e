package io.slaplatform.slaclock.cycle;

import io.slaplatform.events.Impact;
import io.slaplatform.events.ReclassificationPolicy;
import io.slaplatform.slaclock.calendar.StandardCalendars;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The support terms' targets (12, 8, 4 and 2 hours) with the 75% warning, for tests that plan cycles. */
public final class TestRules {

    public static final Map<Impact, Duration> TERMS = Map.of(Impact.LIMITED, Duration.ofHours(12),
            Impact.MODERATE, Duration.ofHours(8), Impact.MAJOR, Duration.ofHours(4), Impact.CRITICAL,
            Duration.ofHours(2));
    /** The terms on a calendar open around the clock (UTC), reclassification RETROACTIVE: hours are plain hours. */
    public static final SlaRules ALWAYS_OPEN = SlaRules.of(StandardCalendars.alwaysOpenUtc(), TERMS, List.of(0.75),
            ReclassificationPolicy.RETROACTIVE);

    private TestRules() {
    }
}
