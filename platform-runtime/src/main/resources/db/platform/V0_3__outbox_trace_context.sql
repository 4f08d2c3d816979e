-- The W3C trace context of the span that recorded the event (docs/tracing.md): the relay sends it as the
-- traceparent / tracestate Kafka headers, so that the consumers continue the trace. Null for events recorded
-- outside any trace and for rows written before this migration.
ALTER TABLE outbox_event ADD COLUMN trace_parent VARCHAR(55);
ALTER TABLE outbox_event ADD COLUMN trace_state  VARCHAR(512);
