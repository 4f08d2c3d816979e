-- The W3C trace context of the consumer span that last planned the timer (docs/tracing.md): SlaTimers fires a
-- warning or breach in a span continuing that trace, so that the ticket's trace reaches its later SLA events
-- and their e-mails. Null for timers planned before this migration (they fire in a new trace).
ALTER TABLE sla_event ADD COLUMN trace_parent VARCHAR(55);
ALTER TABLE sla_event ADD COLUMN trace_state  VARCHAR(512);
