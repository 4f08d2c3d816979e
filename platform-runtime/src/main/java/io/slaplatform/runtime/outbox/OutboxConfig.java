package io.slaplatform.runtime.outbox;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Transactional outbox and its relay to Kafka. */
@ConfigMapping(prefix = "outbox")
public interface OutboxConfig {

    /** The CloudEvents {@code ce_source} of this service's events, e.g. {@code /intake-service}. */
    String source();

    /** Relay settings. */
    Relay relay();

    /** Backlog gauges ({@link OutboxMetrics}). */
    Metrics metrics();

    interface Metrics {
        /** How often the backlog is counted for {@code outbox_events_pending} and its oldest event's age. */
        @WithDefault("5s")
        Duration refreshInterval();
    }

    interface Relay {
        /** Whether this instance publishes the outbox; switch off only to inspect the outbox. */
        @WithDefault("true")
        boolean enabled();

        /**
         * Safety-net poll interval; commits also wake the relay at once. Runs on Quarkus' scheduler, which checks
         * its triggers once a second, so values under one second act as one second.
         */
        @WithDefault("1s")
        Duration interval();

        /** Most events published per transaction. */
        @WithDefault("500")
        int batchSize();

        /** How long to wait for the broker to acknowledge a batch before retrying it later. */
        @WithDefault("15s")
        Duration sendTimeout();
    }
}
