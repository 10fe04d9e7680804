-- Forks (issue 15, finding 6): a store restored from an old backup, reinstalled or cloned records a chain the hub does
-- not follow. The agent refuses to record until an operator re-bases it (`archive-sync-agent rebase --from-hub`):
-- the office's divergent events move to forked_events (kept for audit, never deleted), their payloads are recorded
-- again as new events after the hub's last, and the re-base is written to rebases. The newest rebase is the chain's
-- base: the hub's (sequence, hash) the next event follows when the outbox holds no later row.
-- Owned by org.archivesync.agent.outbox.
CREATE TABLE rebases (
    id                INTEGER PRIMARY KEY,
    rebased_at        INTEGER NOT NULL,
    rebased_by        TEXT    NOT NULL,
    fork_kind         TEXT    NOT NULL CHECK (fork_kind IN ('BEHIND', 'BESIDE')),
    hub_sequence      INTEGER NOT NULL,
    hub_hash          BLOB    NOT NULL CHECK (length(hub_hash) = 32),
    local_sequence    INTEGER NOT NULL,
    set_aside_from    INTEGER,
    set_aside_to      INTEGER,
    set_aside_count   INTEGER NOT NULL,
    reissued_from     INTEGER,
    reissued_to       INTEGER
);

CREATE TABLE forked_events (
    rebase_id    INTEGER NOT NULL REFERENCES rebases (id),
    sequence     INTEGER NOT NULL,
    event_id     TEXT    NOT NULL,
    type         TEXT    NOT NULL,
    body         BLOB    NOT NULL,
    hash         BLOB    NOT NULL,
    signature    BLOB,
    key_id       TEXT,
    recorded_at  INTEGER NOT NULL,
    published_at INTEGER,
    redacted_at  INTEGER,
    reissued_as  INTEGER,
    PRIMARY KEY (rebase_id, sequence)
);
