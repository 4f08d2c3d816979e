package io.slaplatform.events;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Every event of the platform: its {@code ce_type}, the topic it is published on and its payload class. */
public enum EventType {
    REQUEST_SUBMITTED("RequestSubmitted", Topics.SUPPORT_REQUESTS, RequestSubmitted.class),
    SUPPORT_RESPONDED("SupportResponded", Topics.SUPPORT_REQUESTS, SupportResponded.class),
    CUSTOMER_REPLIED("CustomerReplied", Topics.SUPPORT_REQUESTS, CustomerReplied.class),
    IMPACT_RECLASSIFIED("ImpactReclassified", Topics.SUPPORT_REQUESTS, ImpactReclassified.class),
    REQUEST_RESOLVED("RequestResolved", Topics.SUPPORT_REQUESTS, RequestResolved.class),
    REQUEST_ACCEPTED("RequestAccepted", Topics.SUPPORT_ELIGIBILITY, RequestAccepted.class),
    REQUEST_REJECTED("RequestRejected", Topics.SUPPORT_ELIGIBILITY, RequestRejected.class),
    REPLY_COVERED("ReplyCovered", Topics.SUPPORT_ELIGIBILITY, ReplyCovered.class),
    REPLY_NOT_COVERED("ReplyNotCovered", Topics.SUPPORT_ELIGIBILITY, ReplyNotCovered.class),
    ENTERPRISE_SUPPORT_ACTIVATED("EnterpriseSupportActivated", Topics.SUPPORT_LICENSES,
            EnterpriseSupportActivated.class),
    ENTERPRISE_SUPPORT_CANCELLED("EnterpriseSupportCancelled", Topics.SUPPORT_LICENSES,
            EnterpriseSupportCancelled.class),
    CLOCK_STARTED("ClockStarted", Topics.SLA_CLOCK, ClockStarted.class),
    DEADLINE_CHANGED("DeadlineChanged", Topics.SLA_CLOCK, DeadlineChanged.class),
    RESPONSE_DEADLINE_MET("ResponseDeadlineMet", Topics.SLA_CLOCK, ResponseDeadlineMet.class),
    RESPONSE_LATE("ResponseLate", Topics.SLA_CLOCK, ResponseLate.class),
    UNGUARANTEED_CYCLE_STARTED("UnguaranteedCycleStarted", Topics.SLA_CLOCK, UnguaranteedCycleStarted.class),
    UNGUARANTEED_CYCLE_ANSWERED("UnguaranteedCycleAnswered", Topics.SLA_CLOCK, UnguaranteedCycleAnswered.class),
    DEADLINE_APPROACHING("DeadlineApproaching", Topics.SLA_DEADLINE_APPROACHING, DeadlineApproaching.class),
    BREACHED("Breached", Topics.SLA_BREACHED, Breached.class);

    private static final Map<String, EventType> BY_NAME = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(EventType::ceType, Function.identity()));

    private final String ceType;
    private final String topic;
    private final Class<? extends DomainEvent> payloadClass;

    EventType(String ceType, String topic, Class<? extends DomainEvent> payloadClass) {
        this.ceType = ceType;
        this.topic = topic;
        this.payloadClass = payloadClass;
    }

    /** The CloudEvents {@code type} attribute, e.g. {@code RequestSubmitted}. */
    public String ceType() {
        return ceType;
    }

    /** The topic this event is published on. */
    public String topic() {
        return topic;
    }

    /** The payload record. */
    public Class<? extends DomainEvent> payloadClass() {
        return payloadClass;
    }

    /** The type named by a {@code ce_type} header; empty for a type this version does not know. */
    public static Optional<EventType> fromCeType(String ceType) {
        return Optional.ofNullable(BY_NAME.get(ceType));
    }

    static EventType of(Class<?> payloadClass) {
        for (EventType t : values()) {
            if (t.payloadClass == payloadClass) {
                return t;
            }
        }
        throw new IllegalArgumentException("No event type for " + payloadClass.getName());
    }
}
