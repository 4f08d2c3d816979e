-- Shared by every service (each in its own schema): consumed records whose handler kept failing.
--
-- Platform migrations are numbered 0.x so that on a new schema they run before the service's own V1, V2...
-- A schema migrated before this file existed already has a service version above 0.2; the services run
-- Flyway with out-of-order enabled (platform-runtime's META-INF/microprofile-config.properties), so this
-- migration is applied there at the next start rather than refused.

-- One row per parked record, written with the record's ce_id in consumed_event in one transaction: a
-- redelivery of the record is skipped, and the row stays until the event is replayed (the row is deleted in
-- the replay's transaction) or an operator deletes it. Text columns are unbounded on purpose: parking must
-- not fail on the shape of a record. The payload may hold personal data (e-mail addresses): read it here,
-- never copy it into logs.
CREATE TABLE parked_event (
    id               BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    topic            TEXT        NOT NULL,
    record_partition INTEGER     NOT NULL,
    record_offset    BIGINT      NOT NULL,
    record_key       TEXT,
    record_timestamp TIMESTAMPTZ,
    ce_id            TEXT        NOT NULL UNIQUE,
    ce_type          TEXT        NOT NULL,
    ce_source        TEXT        NOT NULL,
    ce_time          TIMESTAMPTZ NOT NULL,
    -- every header of the record: {"ce_id": "...", ...}; a repeated header is an array of its values, a value
    -- that is not UTF-8 text is {"base64": "..."}
    headers          JSONB       NOT NULL,
    payload          TEXT        NOT NULL,
    -- the last failure: its exception class, message and stack trace (causes included)
    error_class      TEXT        NOT NULL,
    error_message    TEXT,
    error_stack      TEXT        NOT NULL,
    -- handler runs that failed, replays included
    attempts         INTEGER     NOT NULL,
    first_failed_at  TIMESTAMPTZ NOT NULL,
    last_failed_at   TIMESTAMPTZ NOT NULL,
    parked_at        TIMESTAMPTZ NOT NULL
);

CREATE INDEX parked_event_by_record ON parked_event (topic, record_partition, record_offset);
