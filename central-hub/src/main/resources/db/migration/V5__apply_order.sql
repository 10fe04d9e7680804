-- The order in which the hub applied the stored events, across sites, so that a rebuild of the projections replays
-- them in exactly that order. Within one site the sequence is the order; across sites it matters where two sites'
-- events meet the same rows (a handover recorded by one site and received by another, a file appraised or destroyed
-- by another site than the one that recorded it). Ingest appends to the event log in apply order within a transaction,
-- and with one ingest consumer (the default) the transactions follow each other, so the identity's values are that
-- order. No cache: every connection of the pool draws from the same counter. No index either: the only reader is the
-- rebuild, which reads the whole log through one sorted cursor, so the hot path pays only the nextval.
-- Events stored before this migration get values in the table's physical order, which is their insertion order as
-- long as no row was ever deleted or updated (the event log is append-only).
ALTER TABLE events ADD COLUMN applied_order bigint GENERATED ALWAYS AS IDENTITY;
