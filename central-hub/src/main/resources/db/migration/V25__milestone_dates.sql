-- #17: a milestone's date can differ per former district or per office (the province asks district records at the
-- historical archive by 16/6/2025, Cái Nước aims for 20/6/2025). The milestone's own due_on is the default; an office's
-- date wins over its district's, which wins over the default (org.archivesync.hub.progress.Progress.Milestone#dueFor).
-- scope_code is a district's unit_code (units.level = 'DISTRICT') or a site_code; the hub checks that it exists when an
-- operator sets it (a column naming two kinds of row cannot carry a foreign key).
CREATE TABLE campaign_milestone_dates (
    campaign_code text NOT NULL,
    kind          text NOT NULL,
    scope         text NOT NULL CHECK (scope IN ('DISTRICT', 'SITE')),
    scope_code    text NOT NULL CHECK (length(scope_code) BETWEEN 1 AND 64),
    due_on        date NOT NULL,
    PRIMARY KEY (campaign_code, kind, scope, scope_code),
    FOREIGN KEY (campaign_code, kind) REFERENCES campaign_milestones (campaign_code, kind) ON DELETE CASCADE
);
