-- The form backend that submitted a request (its backend id); null for requests from before authentication.
ALTER TABLE support_request ADD COLUMN submitted_by VARCHAR(255);
