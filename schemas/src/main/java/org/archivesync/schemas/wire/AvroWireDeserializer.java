package org.archivesync.schemas.wire;

import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.kafka.common.serialization.Deserializer;
import org.archivesync.schemas.registry.SchemaRegistryClient;
import org.archivesync.schemas.registry.SchemaRegistryException;

/**
 * Kafka deserializer for the Confluent wire format: checks the magic byte, fetches the writer schema by the id in the
 * prefix (cached), and resolves it against the reader schema of the generated class with the writer's full name, as
 * Confluent's {@code specific.avro.reader=true}. Without such a class on the classpath it returns a GenericRecord in
 * the writer's schema. A null value (tombstone) gives null.
 *
 * <p>Failures are classified for the caller: a {@link WireFormatException} (including {@link UnknownSchemaIdException})
 * is about the bytes and fails the same way every time; a {@link SchemaRegistryException} whose
 * {@link SchemaRegistryException#retriable()} is true is about the registry (unreachable, 5xx) and the same record may
 * decode later, so it is thrown as is and must not send the record to a dead-letter topic or quarantine.
 *
 * @throws WireFormatException on a wrong magic byte, a record shorter than the prefix or a truncated body
 * @throws UnknownSchemaIdException when the registry does not know the id
 * @throws SchemaRegistryException (retriable) when the registry cannot answer now
 */
public class AvroWireDeserializer implements Deserializer<Object> {

    private SchemaRegistryClient registry;

    /** For Kafka, which configures it through {@link #configure}. */
    public AvroWireDeserializer() {
    }

    /** Ready to use without {@link #configure}. */
    public AvroWireDeserializer(SchemaRegistryClient registry) {
        this.registry = registry;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        this.registry = WireSerdeConfig.client(configs);
    }

    @Override
    public Object deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        WireFormat.Framed framed = WireFormat.parse(data);
        Schema writer = writerSchema(framed.schemaId());
        return AvroCodec.decode(framed.body(), writer, readerFor(writer));
    }

    /**
     * The writer schema for an id, from the registry (cached by the client).
     *
     * @throws UnknownSchemaIdException when the registry does not know the id
     * @throws SchemaRegistryException as is, when {@link SchemaRegistryException#retriable()}: the registry is down,
     *                                 not the record
     * @throws WireFormatException for any other registry refusal
     */
    public Schema writerSchema(int id) {
        try {
            return registry.schemaById(id);
        } catch (SchemaRegistryException.SchemaNotFoundException e) {
            throw new UnknownSchemaIdException(id, registry.baseUrl().toString(), e);
        } catch (SchemaRegistryException e) {
            if (e.retriable()) {
                // Wrapping an outage in a WireFormatException would make a good record look poisoned.
                throw e;
            }
            throw new WireFormatException("cannot fetch schema id " + id + ": " + e.getMessage(), e);
        }
    }

    static Schema readerFor(Schema writer) {
        Class<?> type = SpecificData.get().getClass(writer);
        if (type == null || type == Object.class) {
            return writer;
        }
        return SpecificData.get().getSchema(type);
    }
}
