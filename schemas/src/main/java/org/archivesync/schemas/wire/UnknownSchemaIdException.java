package org.archivesync.schemas.wire;

/** A record's wire prefix names a schema id the registry does not know. */
public class UnknownSchemaIdException extends WireFormatException {

    private final int schemaId;

    public UnknownSchemaIdException(int schemaId, String registry, Throwable cause) {
        super("schema id " + schemaId + " is not known to the schema registry at " + registry, cause);
        this.schemaId = schemaId;
    }

    /** The id from the wire prefix. */
    public int schemaId() {
        return schemaId;
    }
}
