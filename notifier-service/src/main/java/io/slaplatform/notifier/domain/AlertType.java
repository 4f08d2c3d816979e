package io.slaplatform.notifier.domain;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.slaplatform.events.EventType;
import java.util.Arrays;
import java.util.Optional;

/**
 * The SLA events a support lead can subscribe to, named as their {@code ce_type}. Each carries the ticket's
 * impact and calendar, which the subscription filters look at.
 */
public enum AlertType {
    /** A response cycle started: a newly accepted ticket, or a customer reply that restarted the clock. */
    @JsonProperty("ClockStarted")
    CLOCK_STARTED(EventType.CLOCK_STARTED),
    /** A configured share of the target has elapsed; the deadline is near. */
    @JsonProperty("DeadlineApproaching")
    DEADLINE_APPROACHING(EventType.DEADLINE_APPROACHING),
    /** The deadline passed without a response. */
    @JsonProperty("Breached")
    BREACHED(EventType.BREACHED),
    /** A reclassification moved a running cycle's deadline. */
    @JsonProperty("DeadlineChanged")
    DEADLINE_CHANGED(EventType.DEADLINE_CHANGED),
    /** Support responded after the deadline. */
    @JsonProperty("ResponseLate")
    RESPONSE_LATE(EventType.RESPONSE_LATE);

    private final EventType eventType;

    AlertType(EventType eventType) {
        this.eventType = eventType;
    }

    /** The platform event this alert is about. */
    public EventType eventType() {
        return eventType;
    }

    /** The {@code ce_type}, e.g. {@code Breached}: how the API and the database name it. */
    public String ceType() {
        return eventType.ceType();
    }

    /** The alert for a platform event type; empty for events nobody subscribes to. */
    public static Optional<AlertType> of(EventType type) {
        return Arrays.stream(values()).filter(a -> a.eventType == type).findFirst();
    }

    /** The alert named by a {@code ce_type}; empty for an unknown name. */
    public static Optional<AlertType> ofCeType(String ceType) {
        return Arrays.stream(values()).filter(a -> a.ceType().equals(ceType)).findFirst();
    }
}
