-- Shared by every service (each in its own schema): the transactional outbox and the consumed-event log.

-- Events recorded in the same transaction as the state change they describe; the relay publishes them
-- to Kafka in id order and deletes them once the broker has acknowledged them.
CREATE TABLE outbox_event (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_id    UUID         NOT NULL UNIQUE,
    topic       VARCHAR(249) NOT NULL,
    record_key  VARCHAR(255) NOT NULL,
    event_type  VARCHAR(100) NOT NULL,
    source      VARCHAR(255) NOT NULL,
    occurred_at TIMESTAMPTZ  NOT NULL,
    payload     TEXT         NOT NULL
);

-- One row per consumed ce_id: a redelivered or duplicated event finds its row and has no second effect.
CREATE TABLE consumed_event (
    event_id    VARCHAR(255) PRIMARY KEY,
    event_type  VARCHAR(100) NOT NULL,
    consumed_at TIMESTAMPTZ  NOT NULL
);
