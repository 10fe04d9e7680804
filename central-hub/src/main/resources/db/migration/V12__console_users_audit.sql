-- People who use the operator console and the REST API (not sites: sites sign with enrolled keys).
-- password_hash is a Spring Security DelegatingPasswordEncoder string ({bcrypt}...), never a password.
CREATE TABLE console_users (
    username      text PRIMARY KEY CHECK (username ~ '^[a-z0-9][a-z0-9._-]{2,63}$'),
    display_name  text,
    password_hash text NOT NULL CHECK (password_hash LIKE '{%}%'),
    role          text NOT NULL CHECK (role IN ('VIEWER', 'ARCHIVIST', 'OPERATOR')),
    enabled       boolean NOT NULL DEFAULT true,
    created_at    timestamptz NOT NULL,
    created_by    text NOT NULL
);

-- Every operator action (a change through the console or the API, an export, a login), newest read first.
CREATE TABLE audit_log (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at             timestamptz NOT NULL,
    username       text NOT NULL,
    action         text NOT NULL,
    target         text,
    outcome        text NOT NULL,
    remote_address text
);
CREATE INDEX audit_log_at ON audit_log (at DESC, id DESC);
