package org.archivesync.hub.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.archivesync.hub.database.TestDatabase;
import org.archivesync.hub.testing.TestClock;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@code archive-sync.hub.security.totp.required-for-operators: true} on the real hub: an operator without a second
 * factor may only set one up on the console, and the API refuses them; a viewer is not concerned.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(SignIns.MovableTime.class)
class SecondFactorRequiredTest {

    private static final String DATABASE = TestDatabase.newDatabase();
    private static final String PASSWORD = "mat-khau-du-dai";
    private static final Pattern SECRET = Pattern.compile("id=\"factor-secret\">([A-Z2-7]+)<");

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        SignIns.hub(registry, DATABASE);
        registry.add("archive-sync.hub.security.totp.required-for-operators", () -> "true");
    }

    @LocalServerPort
    int port;
    @Autowired
    Users users;
    @Autowired
    TestClock clock;

    @Test
    void anOperatorWithoutASecondFactorMaySetOneUpAndNothingElse() throws Exception {
        users.create("van.hanh", null, PASSWORD.toCharArray(), Role.OPERATOR, "test");
        Browser browser = SignIns.signedIn(port, "van.hanh", PASSWORD);

        assertThat(Browser.location(browser.get("/users"))).isEqualTo("/account?second-factor-required");
        HttpResponse<String> account = browser.get("/account?second-factor-required");
        assertThat(account.body()).contains("id=\"factor-required\"");
        assertThat(api("van.hanh", null).statusCode()).isEqualTo(401);
        assertThat(api("van.hanh", null).body()).contains("\"reason\":\"code-not-set-up\"");

        Matcher secret = SECRET.matcher(account.body());
        assertThat(secret.find()).isTrue();
        String code = Totp.code(Totp.fromBase32(secret.group(1)), Totp.step(clock.instant()), Totp.DIGITS);
        browser.post("/account", "/account/second-factor", "code", code);

        assertThat(browser.get("/users").statusCode()).isEqualTo(200);
        assertThat(api("van.hanh", code).statusCode()).isEqualTo(200);
    }

    @Test
    void viewersAreNotAskedForASecondFactor() throws Exception {
        users.create("chi.xem", null, PASSWORD.toCharArray(), Role.VIEWER, "test");
        Browser browser = new Browser(port);
        browser.signIn("chi.xem", PASSWORD);

        assertThat(browser.get("/").statusCode()).isEqualTo(200);
        assertThat(api("chi.xem", null).statusCode()).isEqualTo(200);
    }

    private HttpResponse<String> api(String user, String code) throws Exception {
        return SignIns.api(port, user, PASSWORD, code);
    }
}
