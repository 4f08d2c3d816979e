package io.slaplatform.runtime.ratelimit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TokenBucketsTest {

    private Instant now = Instant.parse("2026-11-27T10:00:00Z");
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };

    @Test
    void admitsTheBurstThenOneCallPerRefillInterval() {
        TokenBuckets buckets = new TokenBuckets(clock, 100);
        for (int i = 0; i < 3; i++) {
            assertThat(buckets.take("key-a", 6, 3)).as("call %d of the burst", i + 1).isZero();
        }
        // 6 a minute: one token every 10 s
        assertThat(buckets.take("key-a", 6, 3)).isEqualTo(Duration.ofSeconds(10));
        now = now.plusSeconds(4);
        assertThat(buckets.take("key-a", 6, 3)).isEqualTo(Duration.ofSeconds(6));
        now = now.plusSeconds(6);
        assertThat(buckets.take("key-a", 6, 3)).isZero();
        assertThat(buckets.take("key-a", 6, 3)).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void refillsNoMoreThanTheBurst() {
        TokenBuckets buckets = new TokenBuckets(clock, 100);
        buckets.take("key-a", 60, 2);
        now = now.plus(Duration.ofHours(1));
        assertThat(buckets.take("key-a", 60, 2)).isZero();
        assertThat(buckets.take("key-a", 60, 2)).isZero();
        assertThat(buckets.take("key-a", 60, 2)).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void keysDoNotShareABucket() {
        TokenBuckets buckets = new TokenBuckets(clock, 100);
        assertThat(buckets.take("key-a", 1, 1)).isZero();
        assertThat(buckets.take("key-a", 1, 1)).isPositive();
        assertThat(buckets.take("key-b", 1, 1)).isZero();
    }

    @Test
    void forgetsIdleCallersWhenFullButKeepsThrottledOnes() {
        TokenBuckets buckets = new TokenBuckets(clock, 2);
        buckets.take("throttled", 1, 1); // empty for a minute
        buckets.take("idle", 60, 1);
        now = now.plusSeconds(2); // "idle" has refilled, "throttled" has not
        assertThat(buckets.take("newcomer", 60, 1)).isZero();
        assertThat(buckets.size()).isEqualTo(2);
        assertThat(buckets.take("throttled", 1, 1)).as("a throttled caller is not reset by churn").isPositive();
    }

    @Test
    void refusesNonsenseLimits() {
        TokenBuckets buckets = new TokenBuckets(clock, 2);
        assertThatThrownBy(() -> buckets.take("k", 0, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
