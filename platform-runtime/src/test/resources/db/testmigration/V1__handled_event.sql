-- The test listener's effect (a service's own migration, after the platform's V0_x).
CREATE TABLE handled_event (
    seq        BIGINT GENERATED ALWAYS AS IDENTITY,
    request_id UUID PRIMARY KEY,
    ce_id      TEXT NOT NULL
);
