package io.slaplatform.intake.security;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/**
 * How fast a form backend may submit, per API key (or per JWT subject) and per instance: {@code per-minute}
 * in the long run (a key's own rate overrides it), up to {@code burst} at once (never more than a minute's worth).
 */
@ConfigMapping(prefix = "intake.rate-limit")
public interface RateLimitConfig {

    @WithDefault("60")
    @Min(1)
    @Max(1_000_000)
    int perMinute();

    @WithDefault("20")
    @Min(1)
    @Max(1_000_000)
    int burst();

    /** Callers remembered at most; above it, idle callers' buckets are forgotten. */
    @WithDefault("100000")
    @Min(100)
    int maxCallers();
}
