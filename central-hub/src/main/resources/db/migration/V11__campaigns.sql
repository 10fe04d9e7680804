-- Campaigns and their milestones (org.archivesync.hub.progress), configured by operators, and the activity the
-- progress forecast reads: what each site did on which day, by the events' occurredAt.

CREATE TABLE campaigns (
    campaign_code text PRIMARY KEY CHECK (campaign_code ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$'),
    name          text NOT NULL CHECK (length(name) > 0),
    starts_on     date NOT NULL,
    created_at    timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL
);

-- SEALED = sorted, packed and sealed; TRANSFERRED = transferred to the provincial historical archive;
-- HANDED_OVER = handed to the successor commune.
CREATE TABLE campaign_milestones (
    campaign_code text NOT NULL REFERENCES campaigns (campaign_code) ON DELETE CASCADE,
    kind          text NOT NULL CHECK (kind IN ('SEALED', 'TRANSFERRED', 'HANDED_OVER')),
    name          text NOT NULL CHECK (length(name) > 0),
    due_on        date NOT NULL,
    PRIMARY KEY (campaign_code, kind)
);

-- One row per site, day (occurredAt, Asia/Ho_Chi_Minh) and measure: filled from the event log after commit by the
-- progress recorder, away from the ingest transaction. Measures: BOXED_METRES, SEALED_METRES (a box counts once, the
-- first time it is recorded or sealed), TRANSFERRED_METRES, HANDED_OVER_METRES, DESTROYED_METRES, DIGITIZED_PAGES,
-- APPRAISED_FILES, INVENTORIED_METRES (growth of a fonds' sorted + unsorted extent).
CREATE TABLE progress_activity (
    site_code text NOT NULL,
    day       date NOT NULL,
    measure   text NOT NULL,
    amount    numeric(14, 2) NOT NULL,
    PRIMARY KEY (site_code, day, measure)
);

-- What the recorder must remember between events: the boxes it counted and the last extent of each fonds.
CREATE TABLE progress_boxes (
    site_code text NOT NULL,
    box_code  text NOT NULL,
    sealed    boolean NOT NULL,
    PRIMARY KEY (site_code, box_code)
);
CREATE TABLE progress_extents (
    site_code  text NOT NULL,
    fonds_code text NOT NULL,
    metres     numeric(14, 2) NOT NULL,
    PRIMARY KEY (site_code, fonds_code)
);
-- Handovers counted, with the metres counted, so a sender recording the same handover again adds only the difference.
CREATE TABLE progress_handovers (
    handover_id uuid PRIMARY KEY,
    metres      numeric(14, 2) NOT NULL
);
CREATE TABLE progress_cursors (
    site_code     text PRIMARY KEY,
    last_sequence bigint NOT NULL CHECK (last_sequence >= 0)
);
