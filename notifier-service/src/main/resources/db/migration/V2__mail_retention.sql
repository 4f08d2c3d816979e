-- Retention of mail contents (MailRetention, notifier.mail.retention): the rendered subject and bodies of a mail
-- sent longer ago than the retention are removed, as they hold customers' addresses and ticket subjects. The row
-- stays: event id, recipient, status and sent time are the sent-mail log that keeps a redelivered event from being
-- mailed twice. Pending and parked mails keep their contents: they are still to be sent.
ALTER TABLE outgoing_mail ALTER COLUMN subject DROP NOT NULL;
ALTER TABLE outgoing_mail ALTER COLUMN text_body DROP NOT NULL;
ALTER TABLE outgoing_mail ALTER COLUMN html_body DROP NOT NULL;
-- when the contents were removed
ALTER TABLE outgoing_mail ADD COLUMN contents_removed_at TIMESTAMPTZ;
ALTER TABLE outgoing_mail ADD CONSTRAINT outgoing_mail_contents CHECK (
    CASE WHEN contents_removed_at IS NULL
         THEN subject IS NOT NULL AND text_body IS NOT NULL AND html_body IS NOT NULL
         ELSE status = 'SENT' AND subject IS NULL AND text_body IS NULL AND html_body IS NULL END);
-- the sent mails whose contents are still there, by sent time: what the retention job looks at
CREATE INDEX outgoing_mail_retained ON outgoing_mail (sent_at) WHERE status = 'SENT' AND contents_removed_at IS NULL;
