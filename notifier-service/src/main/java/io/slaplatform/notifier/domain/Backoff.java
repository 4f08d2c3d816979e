package io.slaplatform.notifier.domain;

import java.time.Duration;
import java.util.Objects;

/**
 * Exponential back-off between attempts of one mail: {@code initial} after the first failure, doubling after
 * each further one, never more than {@code max}. Immutable and thread-safe.
 */
public record Backoff(Duration initial, Duration max) {

    public Backoff {
        Objects.requireNonNull(initial, "initial");
        Objects.requireNonNull(max, "max");
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("need 0 < initial <= max, got " + initial + " and " + max);
        }
    }

    /**
     * The pause after {@code failedAttempts} failed attempts.
     *
     * @param failedAttempts 1 or more
     */
    public Duration after(int failedAttempts) {
        if (failedAttempts < 1) {
            throw new IllegalArgumentException("failedAttempts must be at least 1: " + failedAttempts);
        }
        Duration pause = initial;
        for (int i = 1; i < failedAttempts; i++) {
            pause = pause.multipliedBy(2);
            if (pause.compareTo(max) >= 0) {
                return max;
            }
        }
        return pause;
    }
}
