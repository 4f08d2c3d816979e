-- How each ticket's current cycle ended once support answered it, kept with every reconciliation like the
-- columns of V2, so the queue view can list answered cycles by state: MET (answered at or before the deadline
-- in force) or LATE; NULL while the cycle runs (cycle_running) or the ticket has no cycle.
ALTER TABLE ticket ADD COLUMN current_outcome      VARCHAR(8);
ALTER TABLE ticket ADD COLUMN current_responded_at TIMESTAMPTZ;

-- Tickets answered before this migration: the outcome is the type of the cycle's recorded response event.
UPDATE ticket t
SET current_outcome      = CASE e.event_type WHEN 'ResponseLate' THEN 'LATE' ELSE 'MET' END,
    current_responded_at = e.due_at
FROM sla_event e
WHERE NOT t.cycle_running
  AND t.current_cycle IS NOT NULL
  AND e.request_id = t.request_id
  AND e.event_key = 'c' || t.current_cycle || '/responded';

-- GET /sla?state=MET (or LATE) reads one outcome in deadline order; running cycles (RUNNING, BREACHED) use
-- ticket_running_by_deadline of V2.
CREATE INDEX ticket_answered_by_deadline ON ticket (current_outcome, current_deadline)
    WHERE current_outcome IS NOT NULL;
