package org.archivesync.schemas.wire;

/**
 * The Kafka headers an office's events carry besides the wire-format value (docs/contracts.md, "Headers"): written by
 * the agent's publisher, read by the hub's listener. Values are bytes; a reader treats a missing or malformed header
 * as absent, never as a reason to refuse the record.
 */
public final class SiteEventHeaders {

    /** The 64 raw Ed25519 signature bytes, on the last event of each local transaction only. */
    public static final String SIGNATURE = "as-signature";
    /** The signing key id (UTF-8, 16 hex characters), alongside {@link #SIGNATURE}. */
    public static final String KEY_ID = "as-key-id";
    /**
     * On every event: how many events the agent still had to deliver when the round read its rows, this one included
     * (UTF-8 decimal, e.g. {@code 1523}); 1 on the last event of a backlog. Counted once per round.
     */
    public static final String BACKLOG = "as-backlog";
    /** On every event: the agent's clock when the round handed its rows to the producer (ISO-8601 instant, UTF-8). */
    public static final String SENT_AT = "as-sent-at";

    private SiteEventHeaders() {
    }
}
