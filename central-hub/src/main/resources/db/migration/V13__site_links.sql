-- What each site's link last told the hub (org.archivesync.hub.ingest, read through SiteLinks): when anything last
-- arrived from its agent over Kafka (applied, parked or redelivered alike), and the backlog the agent reported on its
-- newest record. Written by each ingest batch, in its transaction, one statement for all the batch's sites; a USB
-- bundle does not touch it. No row: never heard from over the link.
CREATE TABLE site_links (
    site_code           text PRIMARY KEY REFERENCES sites (site_code),
    -- The as-backlog header: events the agent still had to deliver, that record included (1 = it was the last).
    -- Null until an agent that sends the header was heard from; a record without it keeps the last value.
    reported_backlog    bigint CHECK (reported_backlog >= 0),
    -- The agent's as-sent-at of that record, or the hub's receipt time when the agent sent none.
    backlog_reported_at timestamptz,
    last_received_at    timestamptz NOT NULL,
    CHECK ((reported_backlog IS NULL) = (backlog_reported_at IS NULL))
);
