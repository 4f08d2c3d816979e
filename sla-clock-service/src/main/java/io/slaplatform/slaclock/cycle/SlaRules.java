package io.slaplatform.slaclock.cycle;

import io.slaplatform.events.Impact;
import io.slaplatform.events.ReclassificationPolicy;
import io.slaplatform.slaclock.calendar.BusinessCalendar;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The rules one ticket's clock runs by: its calendar, the target per impact, the warning shares and the
 * reclassification policy. Immutable and thread-safe.
 */
public final class SlaRules {

    private final BusinessCalendar calendar;
    private final Map<Impact, Duration> targets;
    private final List<Double> warningShares;
    private final ReclassificationPolicy policy;

    private SlaRules(BusinessCalendar calendar, Map<Impact, Duration> targets, List<Double> warningShares,
                     ReclassificationPolicy policy) {
        this.calendar = calendar;
        this.targets = targets;
        this.warningShares = warningShares;
        this.policy = policy;
    }

    /**
     * @param targets       business-time target per impact; every impact required, each positive
     * @param warningShares shares of the target in (0, 1) at which warnings fall
     */
    public static SlaRules of(BusinessCalendar calendar, Map<Impact, Duration> targets, List<Double> warningShares,
                              ReclassificationPolicy policy) {
        Objects.requireNonNull(calendar, "calendar");
        Map<Impact, Duration> copy = new EnumMap<>(Impact.class);
        copy.putAll(Objects.requireNonNull(targets, "targets"));
        for (Impact impact : Impact.values()) {
            Duration target = copy.get(impact);
            if (target == null || target.isNegative() || target.isZero()) {
                throw new IllegalArgumentException("targets needs a positive duration for " + impact);
            }
        }
        for (double share : warningShares) {
            if (!(share > 0 && share < 1)) {
                throw new IllegalArgumentException("warning share " + share + " is not in (0, 1)");
            }
        }
        return new SlaRules(calendar, Map.copyOf(copy), List.copyOf(warningShares),
                Objects.requireNonNull(policy, "policy"));
    }

    public BusinessCalendar calendar() {
        return calendar;
    }

    public Duration target(Impact impact) {
        return targets.get(impact);
    }

    public List<Double> warningShares() {
        return warningShares;
    }

    public ReclassificationPolicy policy() {
        return policy;
    }
}
