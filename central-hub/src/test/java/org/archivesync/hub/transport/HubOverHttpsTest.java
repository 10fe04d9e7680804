package org.archivesync.hub.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.archivesync.hub.database.TestDatabase;
import org.archivesync.hub.testing.HubTestProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The real hub given a certificate through Spring Boot's SSL bundle settings, as an operator does (PEM files, bundle
 * {@code hub}): it answers HTTPS, refuses plain HTTP on that port, says so in its start line and marks its session
 * cookie Secure.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ExtendWith(OutputCaptureExtension.class)
class HubOverHttpsTest {

    private static final TestCertificate CERTIFICATE = TestCertificate.generate();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        HubTestProperties.database(registry, TestDatabase.newDatabase(), 0);
        HubTestProperties.withoutKafka(registry);
        registry.add("server.ssl.bundle", () -> "hub");
        registry.add("spring.ssl.bundle.pem.hub.keystore.certificate", () -> "file:" + CERTIFICATE.certificatePem());
        registry.add("spring.ssl.bundle.pem.hub.keystore.private-key", () -> "file:" + CERTIFICATE.privateKeyPem());
    }

    @Test
    void servesHttpsWithTheGivenCertificateAndRefusesPlainHttp(CapturedOutput output) throws Exception {
        HttpClient tls = HttpClient.newBuilder().sslContext(CERTIFICATE.trustingClient())
                .connectTimeout(Duration.ofSeconds(10)).build();
        // Liveness: overall health is DOWN here, where no Kafka runs.
        HttpResponse<String> health = tls.send(HttpRequest.newBuilder(URI.create("https://localhost:" + port
                + "/actuator/health/liveness")).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"UP\"");

        HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        Integer plainStatus;
        try {
            plainStatus = plain.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                    + "/actuator/health/liveness")).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode();
        } catch (IOException refused) {
            plainStatus = null;
        }
        // Tomcat answers a clear-text request on a TLS port with 400 "requires TLS", or the connection fails.
        assertThat(plainStatus).as("status of a plain HTTP request to the HTTPS port").isNotEqualTo(200);

        assertThat(output.getOut()).contains("hub serving url=https://localhost:" + port + "/ tls=on");
    }

    @Test
    void theConsoleSessionCookieIsSecureOverHttps() throws Exception {
        HttpClient tls = HttpClient.newBuilder().sslContext(CERTIFICATE.trustingClient()).build();
        HttpResponse<String> login = tls.send(HttpRequest.newBuilder(URI.create("https://localhost:" + port + "/login"))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(login.statusCode()).isEqualTo(200);
        List<String> session = login.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("JSESSIONID=")).toList();
        assertThat(session).as("the console's session cookie").hasSize(1);
        assertThat(session.get(0).split(";\\s*")).contains("Secure", "HttpOnly");
    }
}
