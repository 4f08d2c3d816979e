-- The SLA clock's state, owned by sla-clock-service.

-- What the clock knows of a request; filled from support.requests and support.eligibility in any order.
CREATE TABLE ticket (
    request_id       UUID PRIMARY KEY,
    submitted_at     TIMESTAMPTZ,
    initial_impact   VARCHAR(16),
    request_country  VARCHAR(2),
    decision         VARCHAR(16) NOT NULL DEFAULT 'PENDING',
    customer_country VARCHAR(2),
    calendar_id      VARCHAR(64)
);

-- Lifecycle facts after the submission (responses, replies, reclassifications), by their own id.
CREATE TABLE ticket_fact (
    fact_id     UUID PRIMARY KEY,
    request_id  UUID        NOT NULL REFERENCES ticket (request_id),
    kind        VARCHAR(16) NOT NULL,
    occurred_at TIMESTAMPTZ NOT NULL,
    new_impact  VARCHAR(16)
);
CREATE INDEX ticket_fact_request ON ticket_fact (request_id);

-- Every SLA event a ticket calls for, by stable key: a pending row is a durable timer, an emitted row the
-- audit trail. emitted_at is set, once, in the transaction that records the event in the outbox.
CREATE TABLE sla_event (
    request_id UUID         NOT NULL REFERENCES ticket (request_id),
    event_key  VARCHAR(200) NOT NULL,
    due_at     TIMESTAMPTZ  NOT NULL,
    event_type VARCHAR(64)  NOT NULL,
    payload    TEXT         NOT NULL,
    emitted_at TIMESTAMPTZ,
    PRIMARY KEY (request_id, event_key)
);
CREATE INDEX sla_event_pending ON sla_event (due_at) WHERE emitted_at IS NULL;
