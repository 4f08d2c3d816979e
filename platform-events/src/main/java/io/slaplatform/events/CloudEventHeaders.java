package io.slaplatform.events;

/**
 * Kafka header names of the CloudEvents 1.0 Kafka protocol binding, binary content mode.
 * Header values are UTF-8 strings.
 */
public final class CloudEventHeaders {

    /** Unique per event; the de-duplication key of every consumer. */
    public static final String ID = "ce_id";
    /** The event type, see {@link EventType#ceType()}. */
    public static final String TYPE = "ce_type";
    /** The producing service as a URI reference, e.g. {@code /intake-service}. */
    public static final String SOURCE = "ce_source";
    /** When the fact happened, RFC 3339. */
    public static final String TIME = "ce_time";
    /** Always {@value #SPEC_VERSION_1_0}. */
    public static final String SPEC_VERSION = "ce_specversion";
    /** The subject: the aggregate (request or license) id. */
    public static final String SUBJECT = "ce_subject";
    /** The datacontenttype attribute maps to the plain {@code content-type} header in binary mode. */
    public static final String CONTENT_TYPE = "content-type";

    public static final String SPEC_VERSION_1_0 = "1.0";
    public static final String JSON = "application/json";

    private CloudEventHeaders() {
    }
}
