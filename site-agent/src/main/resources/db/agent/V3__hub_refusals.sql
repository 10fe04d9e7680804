-- Events the hub refused because this office does not hold what they touch (another office's fonds, file, box or
-- handover, or a record in transit), as the hub's cursor reported them: the clerk sees them in `status` and the local
-- API. The events stay in the outbox and the chain; the hub kept them as refused and the office goes on.
CREATE TABLE hub_refusals (
    sequence         INTEGER PRIMARY KEY,
    reason           TEXT    NOT NULL,
    record           TEXT    NOT NULL,
    holder_site_code TEXT,
    detail           TEXT    NOT NULL,
    seen_at          INTEGER NOT NULL
);
