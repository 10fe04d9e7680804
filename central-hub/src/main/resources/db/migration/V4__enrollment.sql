-- One-time enrollment tokens (org.archivesync.hub.sites). Only the SHA-256 of a token is kept: the token itself is
-- shown once to the operator and never stored, so a copy of the database cannot enroll a key.
CREATE TABLE enrollment_tokens (
    token_hash bytea PRIMARY KEY CHECK (length(token_hash) = 32),
    site_code  text NOT NULL REFERENCES sites (site_code),
    issued_at  timestamptz NOT NULL,
    expires_at timestamptz NOT NULL,
    used_at    timestamptz,
    -- The key enrolled with the token; set together with used_at, in the same transaction.
    key_id     text REFERENCES site_keys (key_id),
    CHECK (expires_at > issued_at),
    CHECK ((used_at IS NULL) = (key_id IS NULL))
);
CREATE INDEX enrollment_tokens_site ON enrollment_tokens (site_code);
