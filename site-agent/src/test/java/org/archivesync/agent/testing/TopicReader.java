package org.archivesync.agent.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.archivesync.avro.SiteEvent;
import org.archivesync.schemas.integrity.ChainEvent;
import org.archivesync.schemas.integrity.SchemaFingerprint;
import org.archivesync.schemas.wire.AvroCodec;
import org.archivesync.schemas.wire.SiteEventHeaders;
import org.archivesync.schemas.wire.WireFormat;

/** Reads a whole single-partition topic from the beginning, as raw records, the way a downstream consumer would. */
public final class TopicReader implements AutoCloseable {

    private final KafkaConsumer<String, byte[]> consumer;
    private final List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();

    public TopicReader(String bootstrap, String topic) {
        consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new StringDeserializer(), new ByteArrayDeserializer());
        TopicPartition tp = new TopicPartition(topic, 0);
        consumer.assign(List.of(tp));
        consumer.seekToBeginning(List.of(tp));
    }

    /** Everything read so far, after polling once more. */
    public synchronized List<ConsumerRecord<String, byte[]>> poll() {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
        return List.copyOf(records);
    }

    /** The site event of a record: its envelope sequence. */
    public static long sequence(ConsumerRecord<String, byte[]> r) {
        return event(r).getSequence();
    }

    public static SiteEvent event(ConsumerRecord<String, byte[]> r) {
        return AvroCodec.decode(WireFormat.parse(r.value()).bodyBytes(), SiteEvent.getClassSchema());
    }

    /** A record as the hub's verifier sees it: the body after the 5-byte prefix, and the signature headers. */
    public static ChainEvent chainEvent(ConsumerRecord<String, byte[]> r) {
        byte[] body = WireFormat.parse(r.value()).bodyBytes();
        SiteEvent e = AvroCodec.decode(body, SiteEvent.getClassSchema());
        Header sig = r.headers().lastHeader(SiteEventHeaders.SIGNATURE);
        Header key = r.headers().lastHeader(SiteEventHeaders.KEY_ID);
        // The agent registers the generated schema, so the id of the prefix names one with its fingerprint.
        return new ChainEvent(e.getSiteCode(), e.getSequence(), e.getPreviousHash().bytes(),
                SchemaFingerprint.of(SiteEvent.getClassSchema()), body, sig == null ? null : sig.value(),
                key == null ? null : new String(key.value(), java.nio.charset.StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        consumer.close(Duration.ZERO);
    }
}
