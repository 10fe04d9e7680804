package org.archivesync.hub.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.archivesync.schemas.wire.SiteEventHeaders;
import org.junit.jupiter.api.Test;

/**
 * Which records of a poll the listener holds back for the next one (unsigned tails at the end of a partition's run),
 * and which site a record is attributed to (its topic's, never its key's).
 */
class SiteEventsListenerTest {

    private static final String PREFIX = "archive.site-events";
    private static final TopicPartition A = new TopicPartition(PREFIX + ".A", 0);
    private static final TopicPartition C = new TopicPartition(PREFIX + ".C", 0);
    private static final TopicPartition D = new TopicPartition(PREFIX + ".D", 0);

    @Test
    void anUnsignedTailAtTheEndOfAPartitionIsHeldBackFromItsFirstRecord() {
        List<ConsumerRecord<String, byte[]>> poll = new ArrayList<>();
        poll.add(record(A, 10, false));
        poll.add(record(A, 11, true));
        poll.add(record(A, 12, false));
        poll.add(record(A, 13, false));
        poll.add(record(C, 40, true));

        assertThat(SiteEventsListener.heldBack(poll, PREFIX)).isEqualTo(Map.of(A, 12L));
    }

    @Test
    void aTailThatStartsThePartitionsRunIsNotHeldBackSoThePartitionMovesOn() {
        List<ConsumerRecord<String, byte[]>> poll = List.of(record(A, 10, false), record(A, 11, false),
                record(D, 40, true), record(D, 41, false));

        assertThat(SiteEventsListener.heldBack(poll, PREFIX)).isEqualTo(Map.of(D, 41L));
    }

    @Test
    void aRunThatEndsSignedHoldsNothingBack() {
        List<ConsumerRecord<String, byte[]>> poll = List.of(record(A, 10, false), record(A, 11, true),
                record(C, 12, true));

        assertThat(SiteEventsListener.heldBack(poll, PREFIX)).isEmpty();
    }

    @Test
    void aRecordKeyedAsAnotherSiteBelongsToTheSiteItsTopicNames() {
        ConsumerRecord<String, byte[]> forged = new ConsumerRecord<>(PREFIX + ".CM.TRANVANTHOI.UBND", 0, 7,
                "CM.CAINUOC.UBND", new byte[0]);

        assertThat(SiteEventsListener.siteOf(forged, PREFIX)).isEqualTo("CM.TRANVANTHOI.UBND");
    }

    @Test
    void aKeylessRecordStillBelongsToItsTopicsSite() {
        ConsumerRecord<String, byte[]> keyless = new ConsumerRecord<>(PREFIX + ".CM.CAINUOC.UBND", 0, 7, null,
                new byte[0]);

        assertThat(SiteEventsListener.siteOf(keyless, PREFIX)).isEqualTo("CM.CAINUOC.UBND");
    }

    private static ConsumerRecord<String, byte[]> record(TopicPartition tp, long offset, boolean signed) {
        // The key is deliberately not the topic's site: attribution never reads it.
        ConsumerRecord<String, byte[]> r = new ConsumerRecord<>(tp.topic(), tp.partition(), offset, "OTHER", new byte[0]);
        if (signed) {
            r.headers().add(SiteEventHeaders.SIGNATURE, new byte[64]);
            r.headers().add(SiteEventHeaders.KEY_ID, "0123456789abcdef".getBytes());
        }
        return r;
    }
}
