package io.slaplatform.runtime.ratelimit;

import java.time.Clock;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One token bucket per caller key, in memory, on the injected clock: a caller may make {@code burst} calls at
 * once and {@code perMinute} calls a minute in the long run. Per instance: N instances behind a load balancer
 * admit up to N times the rate (see the README, "Rate limit").
 *
 * <p>The map is bounded: above {@code maxKeys} callers, the buckets that have refilled completely (idle callers,
 * who lose nothing by being forgotten) are dropped.
 */
public final class TokenBuckets {

    private static final long NANOS_PER_MINUTE = Duration.ofMinutes(1).toNanos();

    private final Clock clock;
    private final int maxKeys;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    public TokenBuckets(Clock clock, int maxKeys) {
        this.clock = clock;
        this.maxKeys = maxKeys;
    }

    /**
     * Takes one token from {@code key}'s bucket.
     *
     * @return {@link Duration#ZERO} when the call may go ahead; otherwise how long until the next token
     */
    public Duration take(String key, int perMinute, int burst) {
        if (perMinute <= 0 || burst <= 0) {
            throw new IllegalArgumentException("perMinute and burst must be positive");
        }
        long now = nanos();
        if (buckets.size() >= maxKeys && !buckets.containsKey(key)) {
            sweep(now);
        }
        Bucket bucket = buckets.computeIfAbsent(key, k -> new Bucket(burst, now));
        return bucket.take(now, perMinute, burst);
    }

    /** Callers currently remembered (for tests and metrics). */
    public int size() {
        return buckets.size();
    }

    private void sweep(long now) {
        for (Iterator<Bucket> it = buckets.values().iterator(); it.hasNext(); ) {
            if (it.next().isFull(now)) {
                it.remove();
            }
        }
    }

    private long nanos() {
        var instant = clock.instant();
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }

    private static final class Bucket {
        private double tokens;
        private long refilledAt;
        private int lastPerMinute = 1;
        private int lastBurst = 1;

        Bucket(int burst, long now) {
            this.tokens = burst;
            this.refilledAt = now;
        }

        synchronized Duration take(long now, int perMinute, int burst) {
            lastPerMinute = perMinute;
            lastBurst = burst;
            refill(now);
            if (tokens >= 1) {
                tokens -= 1;
                return Duration.ZERO;
            }
            double missing = 1 - tokens;
            long wait = (long) Math.ceil(missing * NANOS_PER_MINUTE / perMinute);
            return Duration.ofNanos(Math.max(wait, 1));
        }

        synchronized boolean isFull(long now) {
            refill(now);
            return tokens >= lastBurst;
        }

        private void refill(long now) {
            long elapsed = Math.max(0, now - refilledAt);
            tokens = Math.min(lastBurst, tokens + (double) elapsed * lastPerMinute / NANOS_PER_MINUTE);
            refilledAt = now;
        }
    }
}
