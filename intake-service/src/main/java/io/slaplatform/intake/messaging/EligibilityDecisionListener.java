package io.slaplatform.intake.messaging;

import io.slaplatform.events.DomainEvent;
import io.slaplatform.events.EventType;
import io.slaplatform.events.RequestAccepted;
import io.slaplatform.events.RequestRejected;
import io.slaplatform.events.Topics;
import io.slaplatform.intake.service.RequestService;
import io.slaplatform.runtime.messaging.IdempotentConsumer;
import io.slaplatform.runtime.messaging.IncomingEvent;
import io.slaplatform.runtime.messaging.ParkedEventHandlers;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Reflects eligibility decisions in the request status. */
@ApplicationScoped
public class EligibilityDecisionListener implements ParkedEventHandlers {

    private static final Set<EventType> HANDLED = Set.of(EventType.REQUEST_ACCEPTED, EventType.REQUEST_REJECTED);

    private final IdempotentConsumer consumer;
    private final RequestService requests;

    EligibilityDecisionListener(IdempotentConsumer consumer, RequestService requests) {
        this.consumer = consumer;
        this.requests = requests;
    }

    @Incoming(Topics.SUPPORT_ELIGIBILITY)
    @Blocking
    public void onDecision(ConsumerRecord<String, String> record) {
        consumer.consume(record, HANDLED, this::apply);
    }

    private void apply(IncomingEvent event, DomainEvent payload) {
        if (payload instanceof RequestAccepted accepted) {
            requests.accepted(accepted);
        } else if (payload instanceof RequestRejected rejected) {
            requests.rejected(rejected);
        }
    }

    /** The handler of a parked decision, for {@code POST /admin/parked-events/{id}/replay}. */
    @Override
    public Optional<TopicHandler> forTopic(String topic) {
        return Topics.SUPPORT_ELIGIBILITY.equals(topic) ? Optional.of(new TopicHandler(HANDLED, this::apply))
                : Optional.empty();
    }
}
