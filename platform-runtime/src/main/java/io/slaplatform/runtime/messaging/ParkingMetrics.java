package io.slaplatform.runtime.messaging;

import io.micrometer.core.instrument.Metrics;
import org.jboss.logging.Logger;

/**
 * Counts parked events as {@code consumer_events_parked_total{topic,type}} when the service has Micrometer
 * (sla-clock-service has the Prometheus registry). platform-runtime depends on Micrometer optionally, so a
 * service without it has no such class at run time: the counter is then skipped, and parked events are
 * still logged and stored. Quarkus adds its registries to Micrometer's global registry.
 */
final class ParkingMetrics {

    private static final Logger LOG = Logger.getLogger(ParkingMetrics.class);
    static final String PARKED = "consumer.events.parked";
    private static final boolean MICROMETER = present("io.micrometer.core.instrument.Metrics");

    private ParkingMetrics() {
    }

    static void parked(String topic, String ceType) {
        if (!MICROMETER) {
            return;
        }
        try {
            Counter.parked(topic, ceType);
        } catch (RuntimeException | LinkageError e) {
            LOG.debugf("Cannot count the parked event: %s", e);
        }
    }

    private static boolean present(String className) {
        try {
            Class.forName(className, false, ParkingMetrics.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** Loaded only once Micrometer is known to be there. */
    private static final class Counter {
        static void parked(String topic, String ceType) {
            Metrics.counter(PARKED, "topic", topic, "type", ceType).increment();
        }
    }
}
