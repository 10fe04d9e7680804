-- Key rotation (docs/contracts.md, Keys). The agent announces its next key in a SiteKeyRotated event signed with the
-- current one (sequence below), keeps signing with the current key, and switches to the new one in the first
-- recording after the hub's cursor shows the announcement applied. Owned by org.archivesync.agent.identity.
CREATE TABLE key_rotations (
    sequence           INTEGER PRIMARY KEY,
    new_key_id         TEXT    NOT NULL UNIQUE CHECK (length(new_key_id) = 16),
    new_public_key     TEXT    NOT NULL,
    new_key_file       TEXT    NOT NULL,
    recorded_at        INTEGER NOT NULL,
    -- Set in the transaction that switched site_identity to the new key.
    completed_at       INTEGER,
    -- The key file the switch retired; deleted by the next recording (after the switch committed).
    retired_key_file   TEXT,
    retired_deleted_at INTEGER,
    CHECK ((completed_at IS NULL) = (retired_key_file IS NULL))
);
-- At most one rotation waits for the hub at a time.
CREATE UNIQUE INDEX key_rotations_one_pending ON key_rotations ((completed_at IS NULL)) WHERE completed_at IS NULL;
