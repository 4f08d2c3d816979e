package io.slaplatform.runtime.messaging;

import io.slaplatform.events.DomainEvent;

/** Applies one consumed event; called inside the transaction that also records its {@code ce_id}. */
@FunctionalInterface
public interface EventHandler {
    void handle(IncomingEvent event, DomainEvent payload);
}
