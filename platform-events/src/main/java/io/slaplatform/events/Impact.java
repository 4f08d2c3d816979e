package io.slaplatform.events;

/** Business impact of a support request, from the least to the most severe. */
public enum Impact {
    /** Minor impairment of functionality, or product feedback. */
    LIMITED,
    /** Learning a tool or feature with significant impact on the workflow. */
    MODERATE,
    /** A process or tool stopped working; one customer or project affected. */
    MAJOR,
    /** Highly visible; a process or tool stopped; more than half of customers or projects affected. */
    CRITICAL
}
