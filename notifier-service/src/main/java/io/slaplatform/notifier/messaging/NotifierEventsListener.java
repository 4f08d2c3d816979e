package io.slaplatform.notifier.messaging;

import io.slaplatform.events.EnterpriseSupportActivated;
import io.slaplatform.events.EventType;
import io.slaplatform.events.ImpactReclassified;
import io.slaplatform.events.RequestAccepted;
import io.slaplatform.events.RequestRejected;
import io.slaplatform.events.RequestSubmitted;
import io.slaplatform.events.Topics;
import io.slaplatform.notifier.service.NotificationService;
import io.slaplatform.runtime.messaging.IdempotentConsumer;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Every topic the notifier reads. Thin: the idempotent consumer records each {@code ce_id} in the transaction
 * that queues its mails, so a redelivered event queues nothing.
 */
@ApplicationScoped
public class NotifierEventsListener {

    private static final Set<EventType> REQUESTS = Set.of(EventType.REQUEST_SUBMITTED, EventType.IMPACT_RECLASSIFIED);
    private static final Set<EventType> DECISIONS = Set.of(EventType.REQUEST_ACCEPTED, EventType.REQUEST_REJECTED);
    private static final Set<EventType> LICENSES = Set.of(EventType.ENTERPRISE_SUPPORT_ACTIVATED);
    private static final Set<EventType> CLOCK = Set.of(EventType.CLOCK_STARTED, EventType.DEADLINE_CHANGED,
            EventType.RESPONSE_LATE);
    private static final Set<EventType> WARNINGS = Set.of(EventType.DEADLINE_APPROACHING);
    private static final Set<EventType> BREACHES = Set.of(EventType.BREACHED);

    private final IdempotentConsumer consumer;
    private final NotificationService notifications;

    NotifierEventsListener(IdempotentConsumer consumer, NotificationService notifications) {
        this.consumer = consumer;
        this.notifications = notifications;
    }

    @Incoming(Topics.SUPPORT_REQUESTS)
    @Blocking
    public void onRequest(ConsumerRecord<String, String> record) {
        consumer.consume(record, REQUESTS, (event, payload) -> {
            if (payload instanceof RequestSubmitted submitted) {
                notifications.submitted(submitted);
            } else if (payload instanceof ImpactReclassified reclassified) {
                notifications.reclassified(reclassified);
            }
        });
    }

    @Incoming(Topics.SUPPORT_ELIGIBILITY)
    @Blocking
    public void onDecision(ConsumerRecord<String, String> record) {
        consumer.consume(record, DECISIONS, (event, payload) -> {
            if (payload instanceof RequestAccepted accepted) {
                notifications.accepted(event.id(), accepted);
            } else if (payload instanceof RequestRejected rejected) {
                notifications.rejected(event.id(), rejected);
            }
        });
    }

    @Incoming(Topics.SUPPORT_LICENSES)
    @Blocking
    public void onLicense(ConsumerRecord<String, String> record) {
        consumer.consume(record, LICENSES, (event, payload) -> {
            if (payload instanceof EnterpriseSupportActivated activated) {
                notifications.supportActivated(event.id(), activated);
            }
        });
    }

    @Incoming(Topics.SLA_CLOCK)
    @Blocking
    public void onClock(ConsumerRecord<String, String> record) {
        consumer.consume(record, CLOCK, (event, payload) -> notifications.slaEvent(event.id(), payload));
    }

    @Incoming(Topics.SLA_DEADLINE_APPROACHING)
    @Blocking
    public void onWarning(ConsumerRecord<String, String> record) {
        consumer.consume(record, WARNINGS, (event, payload) -> notifications.slaEvent(event.id(), payload));
    }

    @Incoming(Topics.SLA_BREACHED)
    @Blocking
    public void onBreach(ConsumerRecord<String, String> record) {
        consumer.consume(record, BREACHES, (event, payload) -> notifications.slaEvent(event.id(), payload));
    }
}
