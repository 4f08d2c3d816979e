-- Subscriptions, the per-ticket projection and the mail outbox (the sent-mail log), owned by notifier-service.

-- A support lead's subscription to SLA alerts. Empty calendars and a null minimum impact mean "any".
CREATE TABLE subscription (
    id             UUID PRIMARY KEY,
    email          VARCHAR(254) NOT NULL,
    -- ce_types: ClockStarted, DeadlineApproaching, Breached, DeadlineChanged, ResponseLate
    event_types    TEXT[]       NOT NULL,
    minimum_impact VARCHAR(16),
    calendars      TEXT[]       NOT NULL DEFAULT '{}',
    locale         VARCHAR(35),
    created_at     TIMESTAMPTZ  NOT NULL,
    updated_at     TIMESTAMPTZ  NOT NULL,
    CONSTRAINT subscription_event_types CHECK (cardinality(event_types) > 0),
    CONSTRAINT subscription_minimum_impact
        CHECK (minimum_impact IS NULL OR minimum_impact IN ('LIMITED', 'MODERATE', 'MAJOR', 'CRITICAL'))
);
CREATE INDEX subscription_event_types_gin ON subscription USING GIN (event_types);

-- What the notifier knows of a ticket, gathered from several topics in whatever order they come: SLA events
-- carry neither the contact address nor the subject, and the acknowledgement needs both the decision and the
-- first cycle's deadline. The *_notified flags make the submitter's mails one-off.
CREATE TABLE ticket (
    request_id          UUID PRIMARY KEY,
    contact_email       VARCHAR(254),
    subject             TEXT,
    locale              VARCHAR(35),
    impact              VARCHAR(16),
    country             VARCHAR(2),
    submitted_at        TIMESTAMPTZ,
    accepted_event_id   VARCHAR(255),
    rejected_event_id   VARCHAR(255),
    rejection_reason    VARCHAR(64),
    rejection_detail    TEXT,
    clock_calendar      VARCHAR(100),
    clock_impact        VARCHAR(16),
    clock_target        VARCHAR(64),
    clock_deadline      TIMESTAMPTZ,
    acknowledged        BOOLEAN      NOT NULL DEFAULT FALSE,
    rejection_notified  BOOLEAN      NOT NULL DEFAULT FALSE,
    updated_at          TIMESTAMPTZ  NOT NULL
);

-- SLA alerts that matched a subscription before the ticket's RequestSubmitted arrived (other topic, other
-- order); composed when it does.
CREATE TABLE deferred_alert (
    event_id    VARCHAR(255) PRIMARY KEY,
    request_id  UUID         NOT NULL,
    event_type  VARCHAR(100) NOT NULL,
    payload     TEXT         NOT NULL,
    received_at TIMESTAMPTZ  NOT NULL
);
CREATE INDEX deferred_alert_request ON deferred_alert (request_id);

-- The mail outbox and sent-mail log: one row per event and recipient, written in the transaction that consumed
-- the event, sent afterwards by the sender. The unique key is what makes a mail once per event and recipient,
-- whatever is redelivered or replayed.
CREATE TABLE outgoing_mail (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_id        VARCHAR(255)  NOT NULL,
    event_type      VARCHAR(100)  NOT NULL,
    kind            VARCHAR(32)   NOT NULL,
    -- the request id, or the license id for SUPPORT_ACTIVATED
    aggregate_id    VARCHAR(255)  NOT NULL,
    recipient       VARCHAR(254)  NOT NULL,
    -- the recipient in lower case: Lead@X and lead@x are one recipient
    recipient_key   VARCHAR(254)  NOT NULL,
    message_id      VARCHAR(255)  NOT NULL,
    locale          VARCHAR(35)   NOT NULL,
    subject         VARCHAR(1000) NOT NULL,
    text_body       TEXT          NOT NULL,
    html_body       TEXT          NOT NULL,
    status          VARCHAR(16)   NOT NULL,
    attempts        INTEGER       NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMPTZ,
    last_error      VARCHAR(1000),
    created_at      TIMESTAMPTZ   NOT NULL,
    sent_at         TIMESTAMPTZ,
    parked_at       TIMESTAMPTZ,
    CONSTRAINT outgoing_mail_once UNIQUE (event_id, recipient_key),
    CONSTRAINT outgoing_mail_message_id UNIQUE (message_id),
    CONSTRAINT outgoing_mail_status CHECK (status IN ('PENDING', 'SENT', 'PARKED')),
    CONSTRAINT outgoing_mail_state CHECK (
        (status = 'PENDING') = (next_attempt_at IS NOT NULL)
        AND (status = 'SENT') = (sent_at IS NOT NULL)
        AND (status = 'PARKED') = (parked_at IS NOT NULL))
);
CREATE INDEX outgoing_mail_due ON outgoing_mail (next_attempt_at) WHERE status = 'PENDING';
CREATE INDEX outgoing_mail_parked ON outgoing_mail (parked_at) WHERE status = 'PARKED';
CREATE INDEX outgoing_mail_aggregate ON outgoing_mail (aggregate_id);
