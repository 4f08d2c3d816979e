-- Support requests and their lifecycle, owned by intake-service.

CREATE TABLE support_request (
    id               UUID PRIMARY KEY,
    license_email    VARCHAR(254) NOT NULL,
    contact_email    VARCHAR(254) NOT NULL,
    impact           VARCHAR(16)  NOT NULL,
    subject          VARCHAR(200) NOT NULL,
    description      TEXT         NOT NULL,
    country          VARCHAR(2)     NOT NULL,
    locale           VARCHAR(35),
    submitted_at     TIMESTAMPTZ  NOT NULL,
    eligibility      VARCHAR(16)  NOT NULL,
    rejection_reason VARCHAR(64),
    rejection_detail VARCHAR(500),
    decided_at       TIMESTAMPTZ,
    resolved_at      TIMESTAMPTZ
);

-- Everything that happened to a request, oldest first (id order).
CREATE TABLE request_history (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    request_id      UUID         NOT NULL REFERENCES support_request (id),
    type            VARCHAR(32)  NOT NULL,
    occurred_at     TIMESTAMPTZ  NOT NULL,
    entry_id        UUID,
    response_kind   VARCHAR(16),
    text            TEXT,
    previous_impact VARCHAR(16),
    new_impact      VARCHAR(16),
    reason          VARCHAR(1000)
);
CREATE INDEX request_history_request ON request_history (request_id, id);

-- Idempotency-Key header values of POST /requests: a retried post returns the request it created first.
CREATE TABLE idempotency_key (
    idempotency_key VARCHAR(255) PRIMARY KEY,
    fingerprint     VARCHAR(64)     NOT NULL,
    request_id      UUID         NOT NULL,
    created_at      TIMESTAMPTZ  NOT NULL
);
