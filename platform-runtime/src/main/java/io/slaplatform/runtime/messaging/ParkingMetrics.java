package io.slaplatform.runtime.messaging;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.quarkus.runtime.StartupEvent;
import io.slaplatform.events.EventType;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.Set;
import java.util.TreeSet;
import org.eclipse.microprofile.config.Config;

/**
 * Counts parked events as {@code consumer_events_parked_total{topic,type}} (Prometheus, at {@code /q/metrics}).
 * At start it registers the counter at zero for every event type of every topic the service consumes (its
 * {@code mp.messaging.incoming.*} channels), so that rates and alerts work before the first parked event.
 * Quarkus adds its registries to Micrometer's global registry, which the static {@link #parked} uses.
 */
@Singleton
class ParkingMetrics {

    static final String PARKED = "consumer.events.parked";
    private static final String INCOMING = "mp.messaging.incoming.";

    void onStart(@Observes StartupEvent event, Config config) {
        for (String topic : consumedTopics(config)) {
            for (EventType type : EventType.values()) {
                if (type.topic().equals(topic)) {
                    counter(Metrics.globalRegistry, topic, type.ceType());
                }
            }
        }
    }

    /** Counts one parked event. */
    static void parked(String topic, String ceType) {
        counter(Metrics.globalRegistry, topic, ceType).increment();
    }

    private static Counter counter(MeterRegistry registry, String topic, String ceType) {
        return Counter.builder(PARKED).tag("topic", topic).tag("type", ceType)
                .description("Events parked after their handler kept failing (parked_event)").register(registry);
    }

    /** The topics of the incoming channels: a channel's {@code topic} attribute, or else its name. */
    static Set<String> consumedTopics(Config config) {
        Set<String> topics = new TreeSet<>();
        for (String name : config.getPropertyNames()) {
            if (name.startsWith(INCOMING)) {
                String channel = channel(name.substring(INCOMING.length()));
                String key = INCOMING + (channel.contains(".") ? '"' + channel + '"' : channel) + ".topic";
                topics.add(config.getOptionalValue(key, String.class).orElse(channel));
            }
        }
        return topics;
    }

    /** The channel name at the start of {@code rest}: {@code "sla.clock".group.id} or {@code test-parking.topic}. */
    private static String channel(String rest) {
        if (rest.startsWith("\"")) {
            return rest.substring(1, rest.indexOf('"', 1));
        }
        int dot = rest.indexOf('.');
        return dot < 0 ? rest : rest.substring(0, dot);
    }
}
