-- The office's own copy of a state secret's earlier text (docs/contracts.md, "State secrets after the fact"). When a
-- described file is re-classified as a state secret, its earlier events about it are removed from the outbox once the
-- hub has them (sequence at or below the hub's cursor): the body is emptied and redacted_at set; the hash and
-- signature stay, so the chain position is still known. Rows still on their way to the hub are emptied after the hub's
-- cursor passes them (secret_redactions remembers how far each file is done). Owned by org.archivesync.agent.outbox.
ALTER TABLE outbox ADD COLUMN redacted_at INTEGER;

CREATE TABLE secret_redactions (
    fonds_code       TEXT    NOT NULL,
    file_code        TEXT    NOT NULL,
    -- The last sequence recorded before the re-classification: what may hold the file's text.
    through_sequence INTEGER NOT NULL,
    -- Rows up to here were looked at.
    done_through     INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (fonds_code, file_code)
);
