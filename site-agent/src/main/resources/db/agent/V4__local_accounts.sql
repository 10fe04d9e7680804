-- The office's named local accounts for the agent's HTTP API (HTTP basic) and, later, its web sign-in. The local
-- administrator manages them with `archive-sync-agent users ...`; the account name is what events record as recordedBy.
-- Passwords are kept as Spring Security delegating-encoder hashes ({bcrypt}...), never in clear.
CREATE TABLE local_accounts (
    username      TEXT    PRIMARY KEY COLLATE NOCASE,
    role          TEXT    NOT NULL CHECK (role IN ('CLERK', 'OFFICE_HEAD')),
    password_hash TEXT    NOT NULL,
    enabled       INTEGER NOT NULL CHECK (enabled IN (0, 1)),
    created_at    INTEGER NOT NULL
);
