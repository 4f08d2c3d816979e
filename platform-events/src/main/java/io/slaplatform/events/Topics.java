package io.slaplatform.events;

import java.util.List;

/**
 * Kafka topic names. Channel name = topic name in every service, and tests use these constants too.
 */
public final class Topics {

    /** Request lifecycle, produced by intake-service. Key: request id. */
    public static final String SUPPORT_REQUESTS = "support.requests";
    /** Eligibility decisions, produced by eligibility-service. Key: request id. */
    public static final String SUPPORT_ELIGIBILITY = "support.eligibility";
    /** License and add-on changes, produced by eligibility-service. Key: license id. */
    public static final String SUPPORT_LICENSES = "support.licenses";
    /** SLA cycle lifecycle, produced by sla-clock-service. Key: request id. */
    public static final String SLA_CLOCK = "sla.clock";
    /** Warnings before a deadline, produced by sla-clock-service. Key: request id. */
    public static final String SLA_DEADLINE_APPROACHING = "sla.deadline-approaching";
    /** Missed deadlines, produced by sla-clock-service. Key: request id. */
    public static final String SLA_BREACHED = "sla.breached";

    /** Every topic of the platform, in a stable order. */
    public static final List<String> ALL = List.of(
            SUPPORT_REQUESTS, SUPPORT_ELIGIBILITY, SUPPORT_LICENSES,
            SLA_CLOCK, SLA_DEADLINE_APPROACHING, SLA_BREACHED);

    private Topics() {
    }
}
