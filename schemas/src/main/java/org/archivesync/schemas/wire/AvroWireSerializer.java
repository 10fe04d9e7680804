package org.archivesync.schemas.wire;

import java.util.Map;
import org.apache.kafka.common.serialization.Serializer;
import org.archivesync.schemas.registry.SchemaRegistryClient;
import org.archivesync.schemas.registry.SchemaRegistryException;
import org.apache.avro.specific.SpecificRecord;

/**
 * Kafka serializer writing Avro SpecificRecords in the Confluent wire format, the subject named by TopicNameStrategy.
 * Settings: {@code schema.registry.url}, {@code auto.register.schemas} (default true; false only looks the id up, as
 * an office does: its registry credential may only read), {@code basic.auth.credentials.source} ({@code USER_INFO} or
 * {@code URL}) and {@code basic.auth.user.info}.
 * A null record becomes a null value (a tombstone on a compacted topic).
 *
 * <p>A registry that cannot answer now (unreachable, 5xx: {@link SchemaRegistryException#retriable()}) is thrown as
 * the {@link SchemaRegistryException} itself so the caller retries the same record; any other failure is a
 * {@link WireFormatException}, which a retry will not cure.
 */
public class AvroWireSerializer implements Serializer<SpecificRecord> {

    private SchemaRegistryClient registry;
    private boolean isKey;
    private boolean autoRegister = true;

    /** For Kafka, which configures it through {@link #configure}. */
    public AvroWireSerializer() {
    }

    /** Ready to use without {@link #configure}. */
    public AvroWireSerializer(SchemaRegistryClient registry, boolean autoRegister) {
        this.registry = registry;
        this.autoRegister = autoRegister;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        this.registry = WireSerdeConfig.client(configs);
        this.autoRegister = WireSerdeConfig.autoRegister(configs);
        this.isKey = isKey;
    }

    @Override
    public byte[] serialize(String topic, SpecificRecord data) {
        if (data == null) {
            return null;
        }
        String subject = SubjectNames.topicName(topic, isKey);
        int id;
        try {
            id = autoRegister ? registry.register(subject, data.getSchema()) : registry.idOf(subject, data.getSchema());
        } catch (SchemaRegistryException e) {
            if (e.retriable()) {
                // An outage is not the record's fault: the agent's outbox must keep the row and publish it later.
                throw e;
            }
            throw new WireFormatException("cannot get a schema id for subject " + subject + ": " + e.getMessage(), e);
        }
        return WireFormat.frame(id, AvroCodec.encode(data));
    }
}
