package io.slaplatform.events;

/** How a running SLA cycle's deadline follows a change of impact. */
public enum ReclassificationPolicy {
    /** The deadline becomes what it would have been had the request carried the new impact from the cycle start. */
    RETROACTIVE,
    /** Business time before the change no longer counts; the new target runs from the change. */
    FROM_RECLASSIFICATION
}
