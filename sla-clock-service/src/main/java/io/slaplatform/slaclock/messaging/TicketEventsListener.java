package io.slaplatform.slaclock.messaging;

import io.slaplatform.events.CustomerReplied;
import io.slaplatform.events.DomainEvent;
import io.slaplatform.events.EventType;
import io.slaplatform.events.ImpactReclassified;
import io.slaplatform.events.ReplyCovered;
import io.slaplatform.events.ReplyNotCovered;
import io.slaplatform.events.RequestAccepted;
import io.slaplatform.events.RequestRejected;
import io.slaplatform.events.RequestSubmitted;
import io.slaplatform.events.ResponseKind;
import io.slaplatform.events.SupportResponded;
import io.slaplatform.events.Topics;
import io.slaplatform.runtime.messaging.IdempotentConsumer;
import io.slaplatform.runtime.messaging.IncomingEvent;
import io.slaplatform.runtime.messaging.ParkedEventHandlers;
import io.slaplatform.slaclock.service.SlaClockService;
import io.slaplatform.slaclock.service.SlaClockService.FactKind;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Feeds the SLA clock from the request lifecycle and the eligibility decisions, in whatever order they come; and
 * replays the events of either topic that were parked ({@code POST /admin/parked-events/{id}/replay}).
 */
@ApplicationScoped
public class TicketEventsListener implements ParkedEventHandlers {

    private static final Set<EventType> LIFECYCLE = Set.of(EventType.REQUEST_SUBMITTED, EventType.SUPPORT_RESPONDED,
            EventType.CUSTOMER_REPLIED, EventType.IMPACT_RECLASSIFIED);
    private static final Set<EventType> DECISIONS = Set.of(EventType.REQUEST_ACCEPTED, EventType.REQUEST_REJECTED,
            EventType.REPLY_COVERED, EventType.REPLY_NOT_COVERED);
    /** Every type {@link #apply} handles, whichever topic it comes from. */
    public static final Set<EventType> HANDLED = Stream.concat(LIFECYCLE.stream(), DECISIONS.stream())
            .collect(Collectors.toUnmodifiableSet());

    private final IdempotentConsumer consumer;
    private final SlaClockService clock;

    TicketEventsListener(IdempotentConsumer consumer, SlaClockService clock) {
        this.consumer = consumer;
        this.clock = clock;
    }

    @Incoming(Topics.SUPPORT_REQUESTS)
    @Blocking
    public void onLifecycle(ConsumerRecord<String, String> record) {
        consumer.consume(record, LIFECYCLE, (event, payload) -> apply(event, payload, record.partition()));
    }

    @Incoming(Topics.SUPPORT_ELIGIBILITY)
    @Blocking
    public void onDecision(ConsumerRecord<String, String> record) {
        consumer.consume(record, DECISIONS, (event, payload) -> apply(event, payload, record.partition()));
    }

    /** The handler of each topic, with the types {@link #onLifecycle} and {@link #onDecision} apply from it. */
    @Override
    public Optional<TopicHandler> forTopic(String topic) {
        return switch (topic) {
            case Topics.SUPPORT_REQUESTS -> Optional.of(new TopicHandler(LIFECYCLE, this::apply));
            case Topics.SUPPORT_ELIGIBILITY -> Optional.of(new TopicHandler(DECISIONS, this::apply));
            default -> Optional.empty();
        };
    }

    /** Applies one event of either topic: the handler a replay of a parked event runs (see {@link #forTopic}). */
    public void apply(IncomingEvent event, DomainEvent payload) {
        apply(event, payload, null);
    }

    /**
     * Applies one event of either topic, inside the consumer's transaction.
     *
     * @param partition the partition of its topic the record came from, which gates the ticket's timers
     *                  ({@code InputProgress}); {@code null} when unknown
     */
    void apply(IncomingEvent event, DomainEvent payload, Integer partition) {
        if (payload instanceof RequestSubmitted submitted) {
            clock.submitted(submitted, partition);
        } else if (payload instanceof SupportResponded responded) {
            clock.fact(responded.requestId(), responded.responseId(),
                    responded.kind() == ResponseKind.RESOLUTION ? FactKind.RESOLUTION : FactKind.RESPONSE,
                    responded.respondedAt(), null, partition);
        } else if (payload instanceof CustomerReplied replied) {
            clock.fact(replied.requestId(), replied.replyId(), FactKind.REPLY, replied.repliedAt(), null, partition);
        } else if (payload instanceof ImpactReclassified changed) {
            // The reclassification has no id of its own; its event id is stable across redeliveries.
            clock.fact(changed.requestId(), java.util.UUID.fromString(event.id()), FactKind.RECLASSIFICATION,
                    changed.reclassifiedAt(), changed.newImpact(), partition);
        } else if (payload instanceof RequestAccepted accepted) {
            clock.accepted(accepted, partition);
        } else if (payload instanceof RequestRejected rejected) {
            clock.rejected(rejected, partition);
        } else if (payload instanceof ReplyCovered covered) {
            clock.replyCovered(covered, partition);
        } else if (payload instanceof ReplyNotCovered notCovered) {
            clock.replyNotCovered(notCovered, partition);
        }
    }
}
