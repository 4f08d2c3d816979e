-- The current cycle of each ticket, kept with every reconciliation, for the queue view.
ALTER TABLE ticket ADD COLUMN current_cycle    INT;
ALTER TABLE ticket ADD COLUMN current_impact   VARCHAR(16);
ALTER TABLE ticket ADD COLUMN current_deadline TIMESTAMPTZ;
ALTER TABLE ticket ADD COLUMN cycle_running    BOOLEAN NOT NULL DEFAULT FALSE;
CREATE INDEX ticket_running_by_deadline ON ticket (current_deadline) WHERE cycle_running;
