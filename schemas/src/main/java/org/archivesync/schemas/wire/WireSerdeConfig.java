package org.archivesync.schemas.wire;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.archivesync.schemas.registry.SchemaRegistryClient;

/**
 * Settings of {@link AvroWireSerializer} and {@link AvroWireDeserializer}. The names are Confluent's, so a Kafka client
 * configuration written for Confluent's serdes works unchanged.
 */
final class WireSerdeConfig {

    /** Comma-separated registry URLs; the first is used. */
    static final String SCHEMA_REGISTRY_URL = "schema.registry.url";
    /** Register the record's schema when absent (default true); when false the schema must already be registered. */
    static final String AUTO_REGISTER_SCHEMAS = "auto.register.schemas";
    /** {@code user:password} for HTTP basic authentication. */
    static final String BASIC_AUTH_USER_INFO = "basic.auth.user.info";
    /** Where the basic credentials come from: {@code USER_INFO} (default, {@link #BASIC_AUTH_USER_INFO}) or {@code URL}. */
    static final String BASIC_AUTH_CREDENTIALS_SOURCE = "basic.auth.credentials.source";
    /** A ready {@link SchemaRegistryClient} instance to share its cache; overrides {@link #SCHEMA_REGISTRY_URL}. */
    static final String CLIENT_INSTANCE = "archive-sync.schema-registry.client";

    private WireSerdeConfig() {
    }

    static SchemaRegistryClient client(Map<String, ?> configs) {
        Object instance = configs.get(CLIENT_INSTANCE);
        if (instance instanceof SchemaRegistryClient c) {
            return c;
        }
        Object url = configs.get(SCHEMA_REGISTRY_URL);
        if (url == null || url.toString().isBlank()) {
            throw new ConfigException(SCHEMA_REGISTRY_URL, url, "a schema registry URL is required");
        }
        String first = url.toString().split(",")[0].strip();
        Object auth = configs.get(BASIC_AUTH_USER_INFO);
        Object source = configs.get(BASIC_AUTH_CREDENTIALS_SOURCE);
        try {
            return SchemaRegistryClient.withBasicAuth(URI.create(first), Duration.ofSeconds(10),
                    source == null ? null : source.toString(), auth == null ? null : auth.toString());
        } catch (IllegalArgumentException e) {
            // The value is not echoed: it may be the password.
            throw new ConfigException(BASIC_AUTH_CREDENTIALS_SOURCE + "/" + BASIC_AUTH_USER_INFO + ": " + e.getMessage());
        }
    }

    static boolean autoRegister(Map<String, ?> configs) {
        Object v = configs.get(AUTO_REGISTER_SCHEMAS);
        return v == null || Boolean.parseBoolean(v.toString());
    }
}
