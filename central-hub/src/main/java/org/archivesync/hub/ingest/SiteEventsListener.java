package org.archivesync.hub.ingest;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.springframework.kafka.annotation.KafkaListener;

/**
 * The batch listener on {@code archive.site-events}. The container commits the batch's offsets only after this
 * returns, that is after the ingest transaction committed; a throw makes the error handler offer the same batch again
 * after a back-off.
 */
class SiteEventsListener {

    static final String SIGNATURE_HEADER = "as-signature";
    static final String KEY_ID_HEADER = "as-key-id";

    private final SiteEventIngest ingest;

    SiteEventsListener(SiteEventIngest ingest) {
        this.ingest = ingest;
    }

    // idIsGroup = false: the group is archive-sync.hub.ingest.group-id (the one the deploy ACLs grant), not the id.
    @KafkaListener(id = "archive-sync-ingest", idIsGroup = false,
            topics = "${archive-sync.hub.ingest.topic:archive.site-events}",
            containerFactory = "ingestListenerContainerFactory", batch = "true")
    void onBatch(List<ConsumerRecord<String, byte[]>> records) {
        List<InboundRecord> batch = new ArrayList<>(records.size());
        for (ConsumerRecord<String, byte[]> r : records) {
            Header signature = r.headers().lastHeader(SIGNATURE_HEADER);
            Header keyId = r.headers().lastHeader(KEY_ID_HEADER);
            batch.add(new InboundRecord(r.key(), r.value() == null ? new byte[0] : r.value(),
                    signature == null ? null : signature.value(),
                    keyId == null ? null : new String(keyId.value(), StandardCharsets.UTF_8),
                    r.topic() + "-" + r.partition() + "@" + r.offset()));
        }
        ingest.ingest(batch);
    }
}
