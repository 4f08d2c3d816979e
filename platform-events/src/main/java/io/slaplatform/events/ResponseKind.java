package io.slaplatform.events;

/** What a support response is; every kind stops a running SLA cycle, RESOLUTION also closes the ticket. */
public enum ResponseKind {
    ACTION_PLAN,
    STATUS_UPDATE,
    RESOLUTION
}
