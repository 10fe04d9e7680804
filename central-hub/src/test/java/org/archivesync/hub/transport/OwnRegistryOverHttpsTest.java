package org.archivesync.hub.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import org.archivesync.avro.SiteEvent;
import org.archivesync.hub.database.TestDatabase;
import org.archivesync.hub.testing.HubTestProperties;
import org.archivesync.schemas.registry.SchemaRegistryClient;
import org.archivesync.schemas.registry.SchemaRegistryException;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The hub serving HTTPS with a certificate issued for the name operators use (not for localhost) still reads its own
 * embedded registry — ingest decodes every record through it — over TLS, trusting exactly its own certificate. Before,
 * its client kept the default {@code http://localhost:<port>/registry}, which an HTTPS port no longer answers.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
class OwnRegistryOverHttpsTest {

    private static final TestCertificate CERTIFICATE = TestCertificate.generateFor("hub.archive-sync.example");
    private static final int PORT = freePort();

    @Autowired
    SchemaRegistryClient registry;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        HubTestProperties.database(registry, TestDatabase.newDatabase(), PORT);
        HubTestProperties.withoutKafka(registry);
        registry.add("server.ssl.bundle", () -> "hub");
        registry.add("spring.ssl.bundle.pem.hub.keystore.certificate", () -> "file:" + CERTIFICATE.certificatePem());
        registry.add("spring.ssl.bundle.pem.hub.keystore.private-key", () -> "file:" + CERTIFICATE.privateKeyPem());
    }

    @Test
    void theHubReadsItsOwnRegistryOverTlsTrustingOnlyItsOwnCertificate() {
        int id = registry.idOf("archive.site-events-value", SiteEvent.getClassSchema());

        assertThat(registry.baseUrl()).hasScheme("https").hasPort(PORT);
        assertThat(registry.schemaById(id)).isEqualTo(SiteEvent.getClassSchema());
        // A client of the JVM's default trust does not accept the hub's certificate: trust is by pinning, not luck.
        SchemaRegistryClient stranger = new SchemaRegistryClient(URI.create("https://localhost:" + PORT + "/registry"),
                Duration.ofSeconds(5), null);
        assertThatThrownBy(() -> stranger.schemaById(id)).isInstanceOf(SchemaRegistryException.class);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
