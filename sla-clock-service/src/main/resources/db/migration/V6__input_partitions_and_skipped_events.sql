-- Where each ticket's inputs come from, for the timers' watermark gate (SlaTimers, InputProgress): the partition
-- of support.requests and of support.eligibility its records were consumed from (all of a ticket's records share
-- one per topic: the key is the request id). NULL for tickets from before this migration, or known only from a
-- replayed parked event: their timers wait for the topic's lowest watermark.
ALTER TABLE ticket ADD COLUMN requests_partition    INT;
ALTER TABLE ticket ADD COLUMN eligibility_partition INT;
-- When eligibility decided (RequestAccepted.decidedAt): warnings due before it are skipped, not sent late.
ALTER TABLE ticket ADD COLUMN decided_at            TIMESTAMPTZ;

-- An SLA event the rules produce but that is not sent, with the reason, for the ticket's audit trail: a warning
-- whose deadline had passed when it fell due, a warning of a cycle learned of after its instant, the deadline
-- change of a reclassification after the cycle breached. Such a row has emitted_at set (it is settled) and never
-- reaches the outbox.
ALTER TABLE sla_event ADD COLUMN skipped VARCHAR(300);
