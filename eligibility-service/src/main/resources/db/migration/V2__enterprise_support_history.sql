-- Every confirmation of a license's Enterprise support add-on, kept for good: its window, when it was confirmed,
-- and when it ended (cancelled, or replaced by a later confirmation). The license row keeps the current state for
-- the admin API; decisions read this history, so that a request is decided on the grant that stood at its
-- submission instant however late it is decided: confirmed at or before it, and not cancelled at or before it.
CREATE TABLE enterprise_support_grant (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    license_id   UUID        NOT NULL REFERENCES license (id),
    valid_from   TIMESTAMPTZ NOT NULL,
    valid_until  TIMESTAMPTZ NOT NULL,
    confirmed_at TIMESTAMPTZ NOT NULL,
    ended_at     TIMESTAMPTZ,
    ended_by     VARCHAR(16),
    CONSTRAINT enterprise_support_grant_window CHECK (valid_until > valid_from),
    CONSTRAINT enterprise_support_grant_end CHECK ((ended_at IS NULL) = (ended_by IS NULL)
        AND (ended_by IS NULL OR ended_by IN ('CANCELLED', 'REPLACED')))
);
CREATE INDEX enterprise_support_grant_license ON enterprise_support_grant (license_id, confirmed_at);

-- The add-ons confirmed before this migration: their current state is all that was kept.
INSERT INTO enterprise_support_grant (license_id, valid_from, valid_until, confirmed_at, ended_at, ended_by)
SELECT id, support_valid_from, support_valid_until, support_confirmed_at, support_cancelled_at,
       CASE WHEN support_status = 'CANCELLED' THEN 'CANCELLED' END
FROM license
WHERE support_status <> 'NONE';
