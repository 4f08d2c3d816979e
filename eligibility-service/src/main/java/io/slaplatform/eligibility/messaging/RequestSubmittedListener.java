package io.slaplatform.eligibility.messaging;

import io.slaplatform.eligibility.service.EligibilityService;
import io.slaplatform.events.EventType;
import io.slaplatform.events.RequestSubmitted;
import io.slaplatform.events.Topics;
import io.slaplatform.runtime.messaging.IdempotentConsumer;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Decides every submitted request; the rest of the request lifecycle is not eligibility's business. */
@ApplicationScoped
public class RequestSubmittedListener {

    private static final Set<EventType> HANDLED = Set.of(EventType.REQUEST_SUBMITTED);

    private final IdempotentConsumer consumer;
    private final EligibilityService eligibility;

    RequestSubmittedListener(IdempotentConsumer consumer, EligibilityService eligibility) {
        this.consumer = consumer;
        this.eligibility = eligibility;
    }

    @Incoming(Topics.SUPPORT_REQUESTS)
    @Blocking
    public void onRequest(ConsumerRecord<String, String> record) {
        consumer.consume(record, HANDLED, (event, payload) -> {
            if (payload instanceof RequestSubmitted submitted) {
                eligibility.decide(submitted);
            }
        });
    }
}
