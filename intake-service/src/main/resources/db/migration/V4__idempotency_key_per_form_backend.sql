-- An Idempotency-Key belongs to the form backend that sent it: the same key from another backend is another key
-- (before, keys were global and a backend that guessed another's key got that backend's request back).
-- Rows from before keep the backend of the request they created; those of requests from before authentication
-- (no submitted_by) get '', which no caller has, so nobody can replay them.
ALTER TABLE idempotency_key ADD COLUMN submitted_by VARCHAR(255);
UPDATE idempotency_key k SET submitted_by = r.submitted_by FROM support_request r WHERE r.id = k.request_id;
UPDATE idempotency_key SET submitted_by = '' WHERE submitted_by IS NULL;
ALTER TABLE idempotency_key ALTER COLUMN submitted_by SET NOT NULL;
ALTER TABLE idempotency_key DROP CONSTRAINT idempotency_key_pkey;
ALTER TABLE idempotency_key ADD PRIMARY KEY (submitted_by, idempotency_key);
