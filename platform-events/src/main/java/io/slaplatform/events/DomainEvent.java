package io.slaplatform.events;

import java.time.Instant;

/**
 * A fact that happened in the platform, published as the JSON payload of one Kafka record whose
 * CloudEvents attributes travel in headers (see {@link CloudEventHeaders}).
 *
 * <p>Every implementation is listed once in {@link EventType}, which names its {@code ce_type} and topic.
 */
public sealed interface DomainEvent permits RequestSubmitted, SupportResponded, CustomerReplied,
        ImpactReclassified, RequestResolved, RequestAccepted, RequestRejected, ReplyCovered, ReplyNotCovered,
        EnterpriseSupportActivated, EnterpriseSupportCancelled, ClockStarted, DeadlineApproaching, Breached,
        ResponseDeadlineMet, ResponseLate, DeadlineChanged, UnguaranteedCycleStarted, UnguaranteedCycleAnswered {

    /** The Kafka record key: the request id, or the license id on {@link Topics#SUPPORT_LICENSES}. */
    String key();

    /** When the fact happened; becomes {@code ce_time}. */
    Instant occurredAt();

    /** The type, topic and class of this event. */
    default EventType type() {
        return EventType.of(getClass());
    }
}
