-- Sites (one office running one agent) and the Ed25519 keys enrolled for them.
CREATE TABLE sites (
    site_code   text PRIMARY KEY CHECK (site_code ~ '^[A-Z0-9][A-Z0-9._-]{1,63}$'),
    name        text NOT NULL CHECK (length(name) > 0),
    unit_code   text,
    role        text NOT NULL CHECK (role IN ('DISTRICT_OFFICE', 'COMMUNE', 'DEPARTMENT', 'HISTORICAL_ARCHIVE')),
    created_at  timestamptz NOT NULL DEFAULT now()
);

-- key_id = SiteKeys.keyId(publicKey): first 8 bytes of SHA-256 of the X.509 DER, hex.
CREATE TABLE site_keys (
    key_id      text PRIMARY KEY CHECK (key_id ~ '^[0-9a-f]{16}$'),
    site_code   text NOT NULL REFERENCES sites (site_code),
    public_key  text NOT NULL,
    enrolled_at timestamptz NOT NULL DEFAULT now(),
    revoked_at  timestamptz
);
CREATE INDEX site_keys_site ON site_keys (site_code);
