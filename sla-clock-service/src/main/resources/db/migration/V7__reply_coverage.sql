-- Coverage per cycle: whether Enterprise support covered a customer reply's instant, as eligibility-service decided
-- it (ReplyCovered / ReplyNotCovered on support.eligibility). A REPLY fact is created by whichever of CustomerReplied
-- and the decision arrives first. coverage: COVERED, NOT_COVERED, or NULL while not decided (a cycle the reply would
-- start, and the facts after it, wait). Replies stored before this migration were planned as covered and stay so.
ALTER TABLE ticket_fact ADD COLUMN coverage            VARCHAR(16);
ALTER TABLE ticket_fact ADD COLUMN coverage_decided_at TIMESTAMPTZ;
ALTER TABLE ticket_fact ADD COLUMN coverage_reason     VARCHAR(64);
ALTER TABLE ticket_fact ADD CONSTRAINT ticket_fact_coverage
    CHECK (coverage IS NULL OR coverage IN ('COVERED', 'NOT_COVERED'));
UPDATE ticket_fact SET coverage = 'COVERED' WHERE kind = 'REPLY';

-- A cycle started by a reply that was not covered has no deadline (outcome ANSWERED once support answers it). The
-- attainment reports count guaranteed cycles only.
ALTER TABLE sla_cycle ALTER COLUMN deadline DROP NOT NULL;
