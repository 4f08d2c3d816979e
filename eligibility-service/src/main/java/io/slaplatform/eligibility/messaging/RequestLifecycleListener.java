package io.slaplatform.eligibility.messaging;

import io.slaplatform.eligibility.service.EligibilityService;
import io.slaplatform.events.CustomerReplied;
import io.slaplatform.events.DomainEvent;
import io.slaplatform.events.EventType;
import io.slaplatform.events.RequestSubmitted;
import io.slaplatform.events.Topics;
import io.slaplatform.runtime.messaging.IdempotentConsumer;
import io.slaplatform.runtime.messaging.IncomingEvent;
import io.slaplatform.runtime.messaging.ParkedEventHandlers;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Decides every submitted request, and the coverage of every customer reply; the rest of the request lifecycle is
 * not eligibility's business.
 */
@ApplicationScoped
public class RequestLifecycleListener implements ParkedEventHandlers {

    private static final Set<EventType> HANDLED = Set.of(EventType.REQUEST_SUBMITTED, EventType.CUSTOMER_REPLIED);

    private final IdempotentConsumer consumer;
    private final EligibilityService eligibility;

    RequestLifecycleListener(IdempotentConsumer consumer, EligibilityService eligibility) {
        this.consumer = consumer;
        this.eligibility = eligibility;
    }

    @Incoming(Topics.SUPPORT_REQUESTS)
    @Blocking
    public void onRequest(ConsumerRecord<String, String> record) {
        consumer.consume(record, HANDLED, this::decide);
    }

    private void decide(IncomingEvent event, DomainEvent payload) {
        if (payload instanceof RequestSubmitted submitted) {
            eligibility.decide(submitted);
        } else if (payload instanceof CustomerReplied replied) {
            eligibility.decideReply(replied);
        }
    }

    @Override
    public Optional<TopicHandler> forTopic(String topic) {
        return Topics.SUPPORT_REQUESTS.equals(topic) ? Optional.of(new TopicHandler(HANDLED, this::decide))
                : Optional.empty();
    }
}
