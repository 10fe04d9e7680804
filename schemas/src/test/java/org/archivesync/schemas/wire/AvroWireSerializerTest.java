package org.archivesync.schemas.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.util.Base64;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.archivesync.avro.SiteCursor;
import org.archivesync.schemas.SampleRecords;
import org.archivesync.schemas.registry.LocalRegistryServer;
import org.archivesync.schemas.registry.SchemaRegistryClient;
import org.archivesync.schemas.registry.SchemaRegistryException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Subjects, registration, tombstones and failure classification of the serializer. */
class AvroWireSerializerTest {

    private static final String CURSORS = "archive.site-cursors";

    private LocalRegistryServer registry;

    @BeforeEach
    void startRegistry() {
        // A fresh registry per test: subjects registered by one test must not satisfy another's lookup.
        registry = LocalRegistryServer.start();
    }

    @AfterEach
    void stopRegistry() {
        registry.close();
    }

    private AvroWireSerializer configured(boolean isKey, Map<String, Object> extra) {
        AvroWireSerializer serializer = new AvroWireSerializer();
        java.util.HashMap<String, Object> configs = new java.util.HashMap<>(extra);
        configs.put("schema.registry.url", registry.baseUrl().toString());
        serializer.configure(configs, isKey);
        return serializer;
    }

    @Test
    void valueSchemaIsRegisteredUnderTopicDashValue() {
        byte[] wire = configured(false, Map.of()).serialize(CURSORS, SampleRecords.siteCursor());

        assertThat(registry.requests()).extracting(LocalRegistryServer.Request::method, LocalRegistryServer.Request::path)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("POST", "/subjects/archive.site-cursors-value/versions"));
        assertThat(WireFormat.parse(wire).schemaId())
                .isEqualTo(registry.idOf("archive.site-cursors-value", SiteCursor.getClassSchema()));
    }

    @Test
    void keySchemaIsRegisteredUnderTopicDashKey() {
        configured(true, Map.of()).serialize(CURSORS, SampleRecords.siteCursor());

        assertThat(registry.requests()).extracting(LocalRegistryServer.Request::path)
                .containsExactly("/subjects/archive.site-cursors-key/versions");
        assertThat(SubjectNames.topicName(CURSORS, true)).isEqualTo("archive.site-cursors-key");
        assertThat(SubjectNames.topicName(CURSORS, false)).isEqualTo("archive.site-cursors-value");
    }

    @Test
    void nullRecordIsATombstone() {
        assertThat(configured(false, Map.of()).serialize("archive.catalogue.files", null)).isNull();
        assertThat(registry.requests()).as("a tombstone needs no schema").isEmpty();
    }

    @Test
    void sameSchemaIsRegisteredOnce() {
        AvroWireSerializer serializer = configured(false, Map.of());
        serializer.serialize(CURSORS, SampleRecords.siteCursor());
        serializer.serialize(CURSORS, SampleRecords.siteCursor());
        serializer.serialize(CURSORS, SampleRecords.siteCursor());

        assertThat(registry.requests()).hasSize(1);
    }

    @Test
    void withoutAutoRegisterTheIdIsLookedUpNotRegistered() {
        int id = registry.register("archive.site-cursors-value", SiteCursor.getClassSchema());

        byte[] wire = configured(false, Map.of("auto.register.schemas", "false")).serialize(CURSORS, SampleRecords.siteCursor());

        assertThat(WireFormat.parse(wire).schemaId()).isEqualTo(id);
        assertThat(registry.requests()).extracting(LocalRegistryServer.Request::method, LocalRegistryServer.Request::path)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("POST", "/subjects/archive.site-cursors-value"));
    }

    @Test
    void withoutAutoRegisterAnUnregisteredSchemaIsRefused() {
        AvroWireSerializer serializer = configured(false, Map.of("auto.register.schemas", false));

        assertThatThrownBy(() -> serializer.serialize(CURSORS, SampleRecords.siteCursor()))
                .isExactlyInstanceOf(WireFormatException.class)
                .hasMessageContaining("subject archive.site-cursors-value")
                .hasCauseInstanceOf(SchemaRegistryException.SubjectNotFoundException.class);
    }

    @Test
    void anOfficesReadOnlyCredentialFromUserInfoSerializesAgainstARegistryRequiringAuth() {
        int id = registry.register("archive.site-cursors-value", SiteCursor.getClassSchema());
        registry.addUser("office-reader", "đọc-thôi-123", false);

        byte[] wire = configured(false, Map.of("auto.register.schemas", "false",
                "basic.auth.credentials.source", "USER_INFO", "basic.auth.user.info", "office-reader:đọc-thôi-123"))
                .serialize(CURSORS, SampleRecords.siteCursor());

        assertThat(WireFormat.parse(wire).schemaId()).isEqualTo(id);
    }

    @Test
    void credentialsFromTheUrlAreSentAndNeverNamed() {
        int id = registry.register("archive.site-cursors-value", SiteCursor.getClassSchema());
        registry.addUser("office-reader", "secret-in-url", false);
        String url = registry.baseUrl().toString().replace("http://", "http://office-reader:secret-in-url@");
        AvroWireSerializer serializer = new AvroWireSerializer();
        serializer.configure(Map.of("schema.registry.url", url, "auto.register.schemas", "false",
                "basic.auth.credentials.source", "URL"), false);

        assertThat(WireFormat.parse(serializer.serialize(CURSORS, SampleRecords.siteCursor())).schemaId()).isEqualTo(id);
    }

    @Test
    void wrongCredentialsFailNamingRegistryAndUserButNotThePassword() {
        registry.register("archive.site-cursors-value", SiteCursor.getClassSchema());
        registry.addUser("office-reader", "right-password", false);
        AvroWireSerializer serializer = configured(false, Map.of("auto.register.schemas", "false",
                "basic.auth.user.info", "office-reader:wrong-password"));

        assertThatThrownBy(() -> serializer.serialize(CURSORS, SampleRecords.siteCursor()))
                .isExactlyInstanceOf(WireFormatException.class)
                .hasMessageContaining(registry.baseUrl().toString())
                .hasMessageContaining("'office-reader'")
                .hasMessageContaining("401")
                .hasMessageNotContaining("wrong-password")
                .hasCauseInstanceOf(SchemaRegistryException.AccessDeniedException.class);
    }

    @Test
    void aReadOnlyCredentialCannotRegister() {
        registry.addUser("office-reader", "right-password", false);
        AvroWireSerializer serializer = configured(false, Map.of("basic.auth.user.info", "office-reader:right-password"));

        assertThatThrownBy(() -> serializer.serialize(CURSORS, SampleRecords.siteCursor()))
                .isExactlyInstanceOf(WireFormatException.class)
                .hasMessageContaining("403")
                .hasCauseInstanceOf(SchemaRegistryException.AccessDeniedException.class);
    }

    @Test
    void anUnknownCredentialsSourceIsAConfigErrorThatDoesNotEchoTheSecret() {
        assertThatThrownBy(() -> configured(false, Map.of("basic.auth.credentials.source", "SASL_INHERIT",
                "basic.auth.user.info", "u:hunter2-secret")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("basic.auth.credentials.source")
                .hasMessageNotContaining("hunter2-secret");
        assertThatThrownBy(() -> configured(false, Map.of("basic.auth.user.info", "no-colon-secret")))
                .isInstanceOf(ConfigException.class)
                .hasMessageNotContaining("no-colon-secret");
    }

    @Test
    void incompatibleSchemaIsRefusedAsAWireFormatFailure() {
        registry.replyJson("POST", "/subjects/archive.site-cursors-value/versions", 409,
                "{\"error_code\":409,\"message\":\"Schema being registered is incompatible with an earlier schema\"}");

        assertThatThrownBy(() -> configured(false, Map.of()).serialize(CURSORS, SampleRecords.siteCursor()))
                .isExactlyInstanceOf(WireFormatException.class)
                .hasMessageContaining("incompatible with an earlier schema")
                .hasCauseInstanceOf(SchemaRegistryException.IncompatibleSchemaException.class);
    }

    @Test
    void unreachableRegistryIsRetriableNotAWireFormatFailure() throws IOException {
        AvroWireSerializer serializer = new AvroWireSerializer(
                new SchemaRegistryClient(AvroWireDeserializerTest.closedPortUrl()), true);

        SchemaRegistryException e = catchThrowableOfType(SchemaRegistryException.class,
                () -> serializer.serialize(CURSORS, SampleRecords.siteCursor()));

        // The agent must keep the outbox row and publish it later, not give up on it.
        assertThat(e).isNotInstanceOf(WireFormatException.class);
        assertThat(e.retriable()).isTrue();
    }

    @Test
    void basicAuthUserInfoIsSentToTheRegistry() {
        configured(false, Map.of("basic.auth.user.info", "hub:mật-khẩu")).serialize(CURSORS, SampleRecords.siteCursor());

        assertThat(registry.requests().get(0).header("Authorization"))
                .isEqualTo("Basic " + Base64.getEncoder().encodeToString("hub:mật-khẩu".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    @Test
    void sharedClientInstanceIsUsedAsIs() {
        SchemaRegistryClient shared = registry.client();
        shared.register("archive.site-cursors-value", SiteCursor.getClassSchema());
        registry.clearRequests();
        AvroWireSerializer serializer = new AvroWireSerializer();
        serializer.configure(Map.of(WireSerdeConfig.CLIENT_INSTANCE, shared), false);

        serializer.serialize(CURSORS, SampleRecords.siteCursor());

        assertThat(registry.requests()).as("the shared client's cache already knew the id").isEmpty();
    }

    @Test
    void missingRegistryUrlIsAConfigError() {
        assertThatThrownBy(() -> new AvroWireSerializer().configure(Map.of(), false))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("schema.registry.url");
    }

    @Test
    void recordThatCannotBeEncodedIsRefused() {
        // siteCode is required; Avro reports a missing value as an NPE, which must not escape as one.
        SiteCursor broken = SampleRecords.siteCursor();
        broken.setSiteCode(null);

        assertThatThrownBy(() -> configured(false, Map.of()).serialize(CURSORS, broken))
                .isExactlyInstanceOf(WireFormatException.class)
                .hasMessageContaining("cannot encode org.archivesync.avro.SiteCursor");
    }
}
