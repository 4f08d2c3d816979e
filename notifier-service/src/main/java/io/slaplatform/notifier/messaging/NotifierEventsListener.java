package io.slaplatform.notifier.messaging;

import io.slaplatform.events.DomainEvent;
import io.slaplatform.events.EnterpriseSupportActivated;
import io.slaplatform.events.EventType;
import io.slaplatform.events.ImpactReclassified;
import io.slaplatform.events.RequestAccepted;
import io.slaplatform.events.RequestRejected;
import io.slaplatform.events.RequestSubmitted;
import io.slaplatform.events.Topics;
import io.slaplatform.notifier.service.NotificationService;
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
 * Every topic the notifier reads. Thin: the idempotent consumer records each {@code ce_id} in the transaction
 * that queues its mails, so a redelivered event queues nothing. The same handlers replay an event parked from one
 * of these topics ({@code POST /admin/parked-events/{id}/replay}).
 */
@ApplicationScoped
public class NotifierEventsListener implements ParkedEventHandlers {

    private static final Set<EventType> REQUESTS = Set.of(EventType.REQUEST_SUBMITTED, EventType.IMPACT_RECLASSIFIED);
    private static final Set<EventType> DECISIONS = Set.of(EventType.REQUEST_ACCEPTED, EventType.REQUEST_REJECTED);
    private static final Set<EventType> LICENSES = Set.of(EventType.ENTERPRISE_SUPPORT_ACTIVATED);
    private static final Set<EventType> CLOCK = Set.of(EventType.CLOCK_STARTED, EventType.DEADLINE_CHANGED,
            EventType.RESPONSE_LATE, EventType.UNGUARANTEED_CYCLE_STARTED);
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
        consumer.consume(record, REQUESTS, this::request);
    }

    @Incoming(Topics.SUPPORT_ELIGIBILITY)
    @Blocking
    public void onDecision(ConsumerRecord<String, String> record) {
        consumer.consume(record, DECISIONS, this::decision);
    }

    @Incoming(Topics.SUPPORT_LICENSES)
    @Blocking
    public void onLicense(ConsumerRecord<String, String> record) {
        consumer.consume(record, LICENSES, this::license);
    }

    @Incoming(Topics.SLA_CLOCK)
    @Blocking
    public void onClock(ConsumerRecord<String, String> record) {
        consumer.consume(record, CLOCK, this::slaEvent);
    }

    @Incoming(Topics.SLA_DEADLINE_APPROACHING)
    @Blocking
    public void onWarning(ConsumerRecord<String, String> record) {
        consumer.consume(record, WARNINGS, this::slaEvent);
    }

    @Incoming(Topics.SLA_BREACHED)
    @Blocking
    public void onBreach(ConsumerRecord<String, String> record) {
        consumer.consume(record, BREACHES, this::slaEvent);
    }

    /** The event types and handler each topic's records get, for replaying a parked event of that topic. */
    @Override
    public Optional<TopicHandler> forTopic(String topic) {
        return Optional.ofNullable(switch (topic) {
            case Topics.SUPPORT_REQUESTS -> new TopicHandler(REQUESTS, this::request);
            case Topics.SUPPORT_ELIGIBILITY -> new TopicHandler(DECISIONS, this::decision);
            case Topics.SUPPORT_LICENSES -> new TopicHandler(LICENSES, this::license);
            case Topics.SLA_CLOCK -> new TopicHandler(CLOCK, this::slaEvent);
            case Topics.SLA_DEADLINE_APPROACHING -> new TopicHandler(WARNINGS, this::slaEvent);
            case Topics.SLA_BREACHED -> new TopicHandler(BREACHES, this::slaEvent);
            default -> null;
        });
    }

    private void request(IncomingEvent event, DomainEvent payload) {
        if (payload instanceof RequestSubmitted submitted) {
            notifications.submitted(submitted);
        } else if (payload instanceof ImpactReclassified reclassified) {
            notifications.reclassified(reclassified);
        }
    }

    private void decision(IncomingEvent event, DomainEvent payload) {
        if (payload instanceof RequestAccepted accepted) {
            notifications.accepted(event.id(), accepted);
        } else if (payload instanceof RequestRejected rejected) {
            notifications.rejected(event.id(), rejected);
        }
    }

    private void license(IncomingEvent event, DomainEvent payload) {
        if (payload instanceof EnterpriseSupportActivated activated) {
            notifications.supportActivated(event.id(), activated);
        }
    }

    private void slaEvent(IncomingEvent event, DomainEvent payload) {
        notifications.slaEvent(event.id(), payload);
    }
}
