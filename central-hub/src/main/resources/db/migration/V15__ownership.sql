-- Authorization: an office changes only the records it holds (DESIGN.md "Authorization", docs/contracts.md
-- "Ownership"). Owned by org.archivesync.hub.catalogue; every table here is a projection of the event log except
-- fonds_reassignments, the operators' decisions, which a rebuild replays at the instant they were made.

-- Who holds each fonds: the office that first registered it or first recorded anything in it, until an operator
-- reassigns it. handed_over: some box or file of the fonds was listed by a handover, so some of its files may be held
-- by another office or be in transit; while false, every live file of the fonds is held by the fonds' holder.
CREATE TABLE fonds_holders (
    fonds_code  text PRIMARY KEY,
    site_code   text NOT NULL,
    handed_over boolean NOT NULL DEFAULT false,
    updated_at  timestamptz NOT NULL
);

-- An operator's reassignment of a fonds to another office (for example after offices merged). Never deleted.
CREATE TABLE fonds_reassignments (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    fonds_code     text NOT NULL,
    from_site_code text NOT NULL,
    to_site_code   text NOT NULL REFERENCES sites (site_code),
    reason         text NOT NULL CHECK (length(reason) > 0),
    reassigned_by  text NOT NULL,
    reassigned_at  timestamptz NOT NULL,
    -- The highest applied_order of the event log when it was made: a rebuild applies it before the next event.
    after_applied_order bigint NOT NULL,
    CHECK (from_site_code <> to_site_code)
);

-- The office that may change a file: the holder of its fonds when it was first recorded, then the receiver of a
-- completed handover. site_code stays the office that last described it.
ALTER TABLE files ADD COLUMN holder_site_code text;
UPDATE files SET holder_site_code = site_code;
ALTER TABLE files ALTER COLUMN holder_site_code SET NOT NULL;

INSERT INTO fonds_holders (fonds_code, site_code, updated_at)
SELECT fonds_code, site_code, updated_at FROM fonds;

-- Verified events that touched a record their office does not hold: kept in the event log (the chain stays whole),
-- never applied, alerted (RECORD_NOT_HELD). One row per refused event; a rebuild refuses the same events again.
CREATE TABLE refused_events (
    site_code        text   NOT NULL,
    sequence         bigint NOT NULL,
    reason           text   NOT NULL CHECK (reason IN ('FONDS_HELD_ELSEWHERE', 'NOT_HELD', 'IN_TRANSIT',
                         'NOT_RECEIVER', 'HANDOVER_OF_ANOTHER_SITE')),
    -- What the event tried to change: 'fonds F', 'file F/C', 'box B', 'handover UUID'.
    record           text   NOT NULL,
    -- Who holds it (null when nobody may change it, e.g. in transit).
    holder_site_code text,
    detail           text   NOT NULL,
    refused_at       timestamptz NOT NULL,
    PRIMARY KEY (site_code, sequence)
);
CREATE INDEX refused_events_recent ON refused_events (site_code, refused_at DESC);
