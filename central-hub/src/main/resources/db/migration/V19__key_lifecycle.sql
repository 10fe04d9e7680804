-- Key rotation and revocation (org.archivesync.hub.sites, docs/contracts.md "Keys"). A key signs the site's sequences
-- from valid_from_sequence through valid_through_sequence; null while the key is not retired. A key announced by a
-- SiteKeyRotated event at sequence s is valid from s + 1; the first event signed with it retires the site's other
-- keys after the sequence before it. An operator's revocation, or a new enrollment of the site, retires a key after
-- the site's applied sequence (or an operator-given later one, for a known offline backlog).
ALTER TABLE site_keys
    ADD COLUMN valid_from_sequence    bigint NOT NULL DEFAULT 1 CHECK (valid_from_sequence >= 1),
    ADD COLUMN valid_through_sequence bigint CHECK (valid_through_sequence >= 0),
    ADD COLUMN retired_reason         text CHECK (retired_reason IN ('ROTATED', 'REVOKED', 'REENROLLED')),
    -- The operator who revoked it; null for a rotation or a new enrollment.
    ADD COLUMN retired_by             text,
    -- The key that signed the SiteKeyRotated event announcing this one; null for an enrolled key.
    ADD COLUMN announced_by           text REFERENCES site_keys (key_id);

-- No code set revoked_at before this version; a row that has it is retired for every sequence.
UPDATE site_keys SET valid_through_sequence = 0, retired_reason = 'REVOKED' WHERE revoked_at IS NOT NULL;

ALTER TABLE site_keys ADD CONSTRAINT site_keys_retired
    CHECK ((revoked_at IS NULL) = (valid_through_sequence IS NULL)
           AND (revoked_at IS NULL) = (retired_reason IS NULL));

-- An event signed with a retired key after its last valid sequence is set aside (SetAsideReason.KEY_REVOKED).
ALTER TABLE set_aside_records DROP CONSTRAINT set_aside_records_reason_check;
ALTER TABLE set_aside_records ADD CONSTRAINT set_aside_records_reason_check
    CHECK (reason IN ('UNDECODABLE', 'WRONG_SITE', 'BAD_SIGNATURE', 'UNKNOWN_KEY', 'KEY_OF_ANOTHER_SITE',
                      'KEY_REVOKED', 'UNSIGNED_FORK', 'UNSIGNED_BROKEN_CHAIN', 'LOST_TO_SIGNED'));
