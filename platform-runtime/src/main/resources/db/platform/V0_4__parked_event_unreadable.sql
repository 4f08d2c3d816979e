-- Records a consumer could not read at all (CloudEvents headers missing or unusable, a payload that is not the
-- event's JSON) are parked too, not skipped: unreadable = TRUE. Their ce_id is the record's position
-- ("unreadable:<topic>-<partition>@<offset>"), so a redelivery is not parked twice while a corrected record with
-- the original ce_id is still applied; ce_type, ce_source and ce_time hold what could be read ("unreadable" where
-- nothing could), and headers and payload the record as it came. A replay reads the record again from those
-- (IncomingEvent.from), as a version that can read it would.
ALTER TABLE parked_event ADD COLUMN unreadable BOOLEAN NOT NULL DEFAULT FALSE;
