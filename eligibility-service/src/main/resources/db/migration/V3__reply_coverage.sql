-- One row per decided customer reply of an accepted request: whether Enterprise support covered the reply's instant
-- (the license active and the add-on in force then, as the grant history stood at that instant). A reply re-sent
-- under a new ce_id finds its row and is not decided again.
CREATE TABLE reply_coverage (
    reply_id   UUID PRIMARY KEY,
    request_id UUID        NOT NULL REFERENCES eligibility_decision (request_id),
    covered    BOOLEAN     NOT NULL,
    reason     VARCHAR(64),
    detail     VARCHAR(1000),
    license_id UUID REFERENCES license (id),
    replied_at TIMESTAMPTZ NOT NULL,
    decided_at TIMESTAMPTZ NOT NULL,
    CONSTRAINT reply_coverage_reason CHECK (covered = (reason IS NULL))
);
CREATE INDEX reply_coverage_request ON reply_coverage (request_id);
