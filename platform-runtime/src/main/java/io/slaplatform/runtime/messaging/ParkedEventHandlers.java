package io.slaplatform.runtime.messaging;

import io.slaplatform.events.EventType;
import java.util.Optional;
import java.util.Set;

/**
 * Implemented by each listener: the handler it gives {@link IdempotentConsumer#consume} for a topic, so that an
 * operator can replay an event parked from that topic ({@code POST /admin/parked-events/{id}/replay}).
 */
public interface ParkedEventHandlers {

    /** The event types and handler this listener applies to records of {@code topic}; empty if it reads none. */
    Optional<TopicHandler> forTopic(String topic);

    /** The handler of one topic and the event types it applies. */
    record TopicHandler(Set<EventType> handled, EventHandler handler) {
    }
}
