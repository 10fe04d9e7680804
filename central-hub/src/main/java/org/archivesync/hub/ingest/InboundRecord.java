package org.archivesync.hub.ingest;

/**
 * One record of a site's stream as it reached the hub, from Kafka or from a USB bundle.
 *
 * @param siteCode the site the record belongs to: over Kafka, the site its topic names
 *                 ({@code archive.site-events.<siteCode>}, the only topic that site's credential may write), never its
 *                 key; from a USB bundle, the bundle's site. Null only when nothing names one (then the envelope's)
 * @param value the value in the Confluent wire format (never null; may be garbage)
 * @param signature the {@code as-signature} header, or null
 * @param keyId the {@code as-key-id} header, or null
 * @param origin where it came from, for logs and the quarantine table: {@code topic-partition@offset} or the bundle
 * @param link the link headers of a record received over Kafka ({@link LinkHeaders#NONE} when it had none); null for a
 *             record that did not come over the link (a USB bundle), which says nothing about the link
 */
public record InboundRecord(String siteCode, byte[] value, byte[] signature, String keyId, String origin,
                            LinkHeaders link) {

    /** A record that did not come over the link (a USB bundle): {@code link} is null. */
    public InboundRecord(String siteCode, byte[] value, byte[] signature, String keyId, String origin) {
        this(siteCode, value, signature, keyId, origin, null);
    }

    /**
     * What the agent said about its link, as the raw header bytes: ingest parses them only for each site's newest
     * record of a batch. Either may be null (an agent older than the headers) or malformed (then ignored).
     *
     * @param backlog the {@code as-backlog} header: events the agent still had to deliver, this one included, or null
     * @param sentAt the {@code as-sent-at} header: the agent's clock at send (ISO-8601 instant), or null
     * @param brokerTime the broker's time when it appended the record (epoch ms; the office topics use
     *                   {@code LogAppendTime}), or null for a record stamped by its producer
     */
    public record LinkHeaders(byte[] backlog, byte[] sentAt, Long brokerTime) {

        /** A record received over Kafka without either header. */
        public static final LinkHeaders NONE = new LinkHeaders(null, null, null);

        /** Headers of a record stamped by its producer. */
        public LinkHeaders(byte[] backlog, byte[] sentAt) {
            this(backlog, sentAt, null);
        }
    }

    @Override
    public String toString() {
        // Never the value: it may describe a file.
        return "InboundRecord[siteCode=" + siteCode + ", origin=" + origin + "]";
    }
}
