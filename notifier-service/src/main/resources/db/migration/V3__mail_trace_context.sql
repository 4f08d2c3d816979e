-- The W3C trace context of the consumer span that queued the mail (docs/tracing.md): MailSender sends the mail
-- in a span that is its child, so that the trace of a request ends at its e-mails. Only for tracing; it never
-- goes into the mail itself. Null for mails queued before this migration.
ALTER TABLE outgoing_mail ADD COLUMN trace_parent VARCHAR(55);
ALTER TABLE outgoing_mail ADD COLUMN trace_state  VARCHAR(512);
