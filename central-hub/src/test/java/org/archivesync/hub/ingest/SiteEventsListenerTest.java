package org.archivesync.hub.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** Which records of a poll the listener holds back for the next one: unsigned tails at the end of a partition's run. */
class SiteEventsListenerTest {

    private static final TopicPartition P0 = new TopicPartition("archive.site-events", 0);
    private static final TopicPartition P1 = new TopicPartition("archive.site-events", 1);

    @Test
    void anUnsignedTailAtTheEndOfAPartitionIsHeldBackFromItsFirstRecord() {
        List<ConsumerRecord<String, byte[]>> poll = new ArrayList<>();
        poll.add(record(0, 10, "A", false));
        poll.add(record(0, 11, "A", true));
        poll.add(record(0, 12, "B", true));
        poll.add(record(0, 13, "A", false));
        poll.add(record(0, 14, "B", false));
        poll.add(record(0, 15, "A", false));
        poll.add(record(1, 40, "C", true));

        assertThat(SiteEventsListener.heldBack(poll)).isEqualTo(Map.of(P0, 13L));
    }

    @Test
    void aTailThatStartsThePartitionsRunIsNotHeldBackSoThePartitionMovesOn() {
        List<ConsumerRecord<String, byte[]>> poll = List.of(record(0, 10, "A", false), record(0, 11, "A", false),
                record(1, 40, "C", true), record(1, 41, "D", false));

        assertThat(SiteEventsListener.heldBack(poll)).isEqualTo(Map.of(P1, 41L));
    }

    @Test
    void aRunThatEndsSignedHoldsNothingBack() {
        List<ConsumerRecord<String, byte[]>> poll = List.of(record(0, 10, "A", false), record(0, 11, "B", true),
                record(0, 12, "A", true));

        assertThat(SiteEventsListener.heldBack(poll)).isEmpty();
    }

    private static ConsumerRecord<String, byte[]> record(int partition, long offset, String site, boolean signed) {
        ConsumerRecord<String, byte[]> r = new ConsumerRecord<>("archive.site-events", partition, offset, site, new byte[0]);
        if (signed) {
            r.headers().add(SiteEventsListener.SIGNATURE_HEADER, new byte[64]);
            r.headers().add(SiteEventsListener.KEY_ID_HEADER, "0123456789abcdef".getBytes());
        }
        return r;
    }
}
