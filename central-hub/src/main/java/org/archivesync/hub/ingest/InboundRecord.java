package org.archivesync.hub.ingest;

/**
 * One record of a site's stream as it reached the hub, from Kafka or from a USB bundle.
 *
 * @param siteCode the record key (the site the stream belongs to); null when the record had no key
 * @param value the value in the Confluent wire format (never null; may be garbage)
 * @param signature the {@code as-signature} header, or null
 * @param keyId the {@code as-key-id} header, or null
 * @param origin where it came from, for logs and the quarantine table: {@code topic-partition@offset} or the bundle
 */
public record InboundRecord(String siteCode, byte[] value, byte[] signature, String keyId, String origin) {

    @Override
    public String toString() {
        // Never the value: it may describe a file.
        return "InboundRecord[siteCode=" + siteCode + ", origin=" + origin + "]";
    }
}
