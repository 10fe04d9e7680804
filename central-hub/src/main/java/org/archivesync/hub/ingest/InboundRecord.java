package org.archivesync.hub.ingest;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
     * What the agent said about its link, parsed where the record comes in (once per record). A header that is absent
     * or malformed is null: an agent's report never fails ingest.
     *
     * @param backlog the {@code as-backlog} header: events the agent still had to deliver, this one included, or null
     * @param sentAt the {@code as-sent-at} header: the agent's clock at send, truncated to what PostgreSQL keeps
     *               (microseconds), or null
     * @param brokerTime the broker's time when it appended the record (epoch ms; the office topics use
     *                   {@code LogAppendTime}), or null for a record stamped by its producer
     */
    public record LinkHeaders(Long backlog, Instant sentAt, Long brokerTime) {

        /** A record received over Kafka without either header. */
        public static final LinkHeaders NONE = new LinkHeaders((Long) null, null, null);

        private static final Logger log = LoggerFactory.getLogger(LinkHeaders.class);
        private static final Instant EARLIEST_SENT_AT = Instant.parse("2000-01-01T00:00:00Z");
        private static final Instant LATEST_SENT_AT = Instant.parse("9000-01-01T00:00:00Z");

        /** Headers of a record stamped by its producer, as raw header bytes (each may be null). */
        public LinkHeaders(byte[] backlog, byte[] sentAt) {
            this(backlog(backlog, null), sentAt(sentAt, null), null);
        }

        /**
         * Parses link headers record by record. It remembers the last {@code as-sent-at} it parsed: an agent stamps one
         * instant on every record of a send, so a poll parses a few instants, not one per record. Not thread-safe: one
         * per poll.
         */
        static final class Parser {
            private byte[] lastRawSentAt;
            private Instant lastSentAt;

            /**
             * @param backlog the {@code as-backlog} header's bytes, or null
             * @param sentAt the {@code as-sent-at} header's bytes, or null
             * @param brokerTime the broker's append time, or null
             * @param origin {@code topic-partition@offset}, for the log line of a malformed header
             */
            LinkHeaders parse(byte[] backlog, byte[] sentAt, Long brokerTime, String origin) {
                if (sentAt != null && !Arrays.equals(sentAt, lastRawSentAt)) {
                    lastSentAt = sentAt(sentAt, origin);
                    lastRawSentAt = sentAt;
                }
                return new LinkHeaders(backlog(backlog, origin), sentAt == null ? null : lastSentAt, brokerTime);
            }
        }

        /**
         * How far the office's clock is off, in ms: its {@code as-sent-at} against the broker's append time (transit
         * adds seconds at most); positive when ahead. Null without both.
         */
        public Long clockSkewMillis() {
            return brokerTime == null || sentAt == null ? null : sentAt.toEpochMilli() - brokerTime;
        }

        private static Long backlog(byte[] raw, String origin) {
            if (raw == null) {
                return null;
            }
            try {
                long backlog = raw.length <= 19 ? Long.parseLong(new String(raw, StandardCharsets.UTF_8)) : -1;
                if (backlog >= 0) {
                    return backlog;
                }
            } catch (NumberFormatException e) {
                // Malformed, as below.
            }
            log.debug("malformed link header ignored origin={} header=as-backlog", origin);
            return null;
        }

        private static Instant sentAt(byte[] raw, String origin) {
            if (raw == null) {
                return null;
            }
            try {
                Instant sentAt = raw.length <= 40 ? Instant.parse(new String(raw, StandardCharsets.UTF_8)) : null;
                // Years PostgreSQL's timestamptz holds and a clock could show.
                if (sentAt != null && sentAt.isAfter(EARLIEST_SENT_AT) && sentAt.isBefore(LATEST_SENT_AT)) {
                    return sentAt.truncatedTo(ChronoUnit.MICROS);
                }
            } catch (DateTimeParseException e) {
                // Malformed, as below.
            }
            log.debug("malformed link header ignored origin={} header=as-sent-at", origin);
            return null;
        }
    }

    @Override
    public String toString() {
        // Never the value: it may describe a file.
        return "InboundRecord[siteCode=" + siteCode + ", origin=" + origin + "]";
    }
}
