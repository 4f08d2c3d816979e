-- API keys of customers' web form backends (POST /requests). Only the SHA-256 of each key's secret is stored;
-- the key itself is shown once, when it is created. A revoked key keeps its row (who revoked it, and when).

CREATE TABLE api_key (
    key_id                VARCHAR(12)  PRIMARY KEY,
    backend_id            VARCHAR(63)  NOT NULL,
    secret_sha256         BYTEA        NOT NULL CHECK (octet_length(secret_sha256) = 32),
    label                 VARCHAR(200),
    rate_limit_per_minute INTEGER      CHECK (rate_limit_per_minute > 0),
    created_at            TIMESTAMPTZ  NOT NULL,
    created_by            VARCHAR(255) NOT NULL,
    revoked_at            TIMESTAMPTZ,
    revoked_by            VARCHAR(255)
);
CREATE INDEX api_key_active_by_backend ON api_key (backend_id) WHERE revoked_at IS NULL;
