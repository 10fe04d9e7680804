package org.archivesync.hub.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import org.archivesync.hub.testing.HubTestProperties;
import org.archivesync.hub.testing.TestClock;
import org.archivesync.hub.testing.TestOperators;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * What the sign-in tests share: the hub on a database of its own without Kafka, a clock they move, and the two ways
 * in, the console's form (through {@link Browser}) and the API's basic credentials with an optional second-factor
 * code.
 */
final class SignIns {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private SignIns() {
    }

    /**
     * The hub's clock, a fresh {@link TestClock} per application context: a test class that imports this autowires it
     * and moves it.
     */
    @TestConfiguration
    static class MovableTime {
        @Bean
        @Primary
        TestClock testClock() {
            return new TestClock(Instant.parse("2025-07-01T01:00:00Z"));
        }
    }

    /** The hub on {@code database}, without Kafka, with the test operator. */
    static void hub(DynamicPropertyRegistry registry, String database) {
        HubTestProperties.database(registry, database);
        HubTestProperties.withoutKafka(registry);
        TestOperators.register(registry);
    }

    /** A browser signed in on the console's form, past the password (and not sent back to the sign-in page). */
    static Browser signedIn(int port, String username, String password) throws IOException, InterruptedException {
        Browser browser = new Browser(port);
        assertThat(Browser.location(browser.signIn(username, password))).doesNotStartWith("/login");
        return browser;
    }

    /** {@code GET /api/sites} with basic credentials and, unless {@code code} is null, an {@code X-Archive-OTP} code. */
    static HttpResponse<String> api(int port, String username, String password, String code)
            throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/sites"))
                .header("Authorization", TestOperators.basic(username, password));
        if (code != null) {
            request.header("X-Archive-OTP", code);
        }
        return HTTP.send(request.GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
