-- Sign-in throttling (security.SignInThrottle): consecutive failed sign-ins per account name and per client address.
-- A row is forgotten (deleted on the next failure anywhere) once forget_after has passed, so the table holds only
-- recent failures; new ACCOUNT rows stop being added beyond archive-sync.hub.security.sign-in.max-tracked rows.
-- key is a well-formed username (existing or not: the table must not tell which) or a client address.
CREATE TABLE sign_in_failures (
    kind          text NOT NULL CHECK (kind IN ('ACCOUNT', 'ADDRESS')),
    key           text NOT NULL CHECK (length(key) <= 100),
    failures      integer NOT NULL CHECK (failures > 0),
    locked_until  timestamptz,
    forget_after  timestamptz NOT NULL,
    PRIMARY KEY (kind, key)
);
CREATE INDEX sign_in_failures_forget ON sign_in_failures (forget_after);

-- credentials_version: raised when a user is disabled or their password changes; a console session remembers the
-- version it signed in with and ends when it differs (security.SessionGuard).
-- totp_secret: the Base32 RFC 6238 secret of a confirmed second factor, null when the user has none. Unlike a password
-- it must be readable to check a code: whoever reads this table can make codes (protect the database and its backups).
-- totp_last_step: the last 30-second step a console sign-in used, so a code is not accepted twice there.
ALTER TABLE console_users
    ADD COLUMN credentials_version integer NOT NULL DEFAULT 0,
    ADD COLUMN totp_secret text,
    ADD COLUMN totp_enabled_at timestamptz,
    ADD COLUMN totp_last_step bigint NOT NULL DEFAULT 0;
