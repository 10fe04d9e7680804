-- archive.site-progress goes out through the outbox too: a SITE_PROGRESS row names a site whose figures may have
-- changed in the transaction that wrote it (key = site code, no payload). The figures are computed when the row is
-- sent, in one statement for every site waiting, so a compacted topic gets each site's latest figures and a busy
-- import writes one small row per site and batch. Constraint names as PostgreSQL chose them in V2.
ALTER TABLE outbox DROP CONSTRAINT outbox_kind_check;
ALTER TABLE outbox ADD CONSTRAINT outbox_kind_check
    CHECK (kind IN ('CATALOGUE_RANGE', 'CATALOGUE_FILE', 'SITE_CURSOR', 'ALERT', 'SITE_PROGRESS'));
ALTER TABLE outbox DROP CONSTRAINT outbox_check;
ALTER TABLE outbox ADD CONSTRAINT outbox_payload_check
    CHECK ((kind IN ('CATALOGUE_FILE', 'SITE_PROGRESS')) = (payload IS NULL));
