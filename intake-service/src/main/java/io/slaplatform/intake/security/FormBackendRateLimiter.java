package io.slaplatform.intake.security;

import io.slaplatform.runtime.ratelimit.TokenBuckets;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;

/**
 * The token buckets of form backends, one per rate-limit key ({@code key:<keyId>} or {@code jwt:<sub>}), in
 * memory, per instance. A key's own rate overrides the configured one; a bucket holds at most a minute's worth.
 */
@ApplicationScoped
public class FormBackendRateLimiter {

    private final RateLimitConfig config;
    private final TokenBuckets buckets;

    FormBackendRateLimiter(RateLimitConfig config, Clock clock) {
        this.config = config;
        this.buckets = new TokenBuckets(clock, config.maxCallers());
    }

    /** The outcome of one post: {@code untilNextToken} is zero when it may go ahead. */
    public record Decision(Duration untilNextToken, int perMinute, int burst) {
        public boolean allowed() {
            return untilNextToken.isZero();
        }

        /** Whole seconds until the next token, at least 1: the {@code Retry-After} of a 429. */
        public long retryAfterSeconds() {
            return Math.max(1, (untilNextToken.toNanos() + 999_999_999L) / 1_000_000_000L);
        }
    }

    /** Takes a token from the caller's bucket. */
    public Decision take(FormBackendCaller caller) {
        int perMinute = caller.rateLimitPerMinute().orElse(config.perMinute());
        int burst = Math.min(config.burst(), perMinute);
        return new Decision(buckets.take(caller.rateLimitKey(), perMinute, burst), perMinute, burst);
    }
}
