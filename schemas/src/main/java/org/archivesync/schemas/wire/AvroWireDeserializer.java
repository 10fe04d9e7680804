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
 * @throws WireFormatException on a wrong magic byte, a record shorter than the prefix or a truncated body
 * @throws UnknownSchemaIdException when the registry does not know the id
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

    /** The writer schema for an id, from the registry. */
    public Schema writerSchema(int id) {
        try {
            return registry.schemaById(id);
        } catch (SchemaRegistryException.SchemaNotFoundException e) {
            throw new UnknownSchemaIdException(id, registry.baseUrl().toString(), e);
        } catch (SchemaRegistryException e) {
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
