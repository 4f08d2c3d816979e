-- Every response cycle of every ticket as it stands (CycleSummary), kept with every reconciliation like the
-- ticket's current_* columns: the attainment reports (GET /sla/reports/...) read the cycles started in a range of
-- months. outcome: MET or LATE once support answered (responded_at), NULL while the cycle runs.
CREATE TABLE sla_cycle (
    request_id   UUID        NOT NULL REFERENCES ticket (request_id),
    cycle        INT         NOT NULL,
    calendar_id  VARCHAR(64) NOT NULL,
    impact       VARCHAR(16) NOT NULL,
    started_at   TIMESTAMPTZ NOT NULL,
    deadline     TIMESTAMPTZ NOT NULL,
    outcome      VARCHAR(8),
    responded_at TIMESTAMPTZ,
    PRIMARY KEY (request_id, cycle)
);
CREATE INDEX sla_cycle_by_start ON sla_cycle (started_at);

-- Cycles of tickets planned before this migration, as CycleSummary computes them, from their SLA events: the
-- start from ClockStarted; the ticket's current cycle from its current_* columns; an earlier (answered) cycle's
-- deadline and outcome from its response event, its impact from its last DeadlineChanged, if any.
INSERT INTO sla_cycle (request_id, cycle, calendar_id, impact, started_at, deadline, outcome, responded_at)
SELECT s.request_id,
       s.cycle,
       s.payload ->> 'calendar',
       CASE WHEN t.current_cycle = s.cycle THEN t.current_impact
            ELSE COALESCE((SELECT ch.payload::jsonb ->> 'newImpact' FROM sla_event ch
                           WHERE ch.request_id = s.request_id AND ch.event_key LIKE 'c' || s.cycle || '/changed/%'
                           ORDER BY ch.due_at DESC LIMIT 1),
                          s.payload ->> 'impact') END,
       (s.payload ->> 'startedAt')::timestamptz,
       CASE WHEN t.current_cycle = s.cycle THEN t.current_deadline
            ELSE COALESCE((r.payload::jsonb ->> 'deadline')::timestamptz, (s.payload ->> 'deadline')::timestamptz) END,
       CASE WHEN t.current_cycle = s.cycle THEN t.current_outcome
            ELSE CASE r.event_type WHEN 'ResponseLate' THEN 'LATE' WHEN 'ResponseDeadlineMet' THEN 'MET' END END,
       CASE WHEN t.current_cycle = s.cycle THEN t.current_responded_at
            ELSE (r.payload::jsonb ->> 'respondedAt')::timestamptz END
FROM (SELECT request_id, payload::jsonb AS payload, (payload::jsonb ->> 'cycle')::int AS cycle
      FROM sla_event WHERE event_type = 'ClockStarted') s
JOIN ticket t ON t.request_id = s.request_id
LEFT JOIN sla_event r ON r.request_id = s.request_id AND r.event_key = 'c' || s.cycle || '/responded'
ON CONFLICT DO NOTHING;
