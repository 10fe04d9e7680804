package org.archivesync.hub.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.archivesync.hub.database.TestDatabase;
import org.archivesync.hub.testing.TestClock;
import org.archivesync.hub.testing.TestOperators;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Console sessions and the second factor, asked of the real hub over real HTTP with a clock the test moves: a session
 * ends at its next request once its user is disabled, their password changes or is reset, or it is older than
 * session-max-age; a user with a confirmed TOTP second factor enters a code after the password on the console and
 * sends one with every API call, and a wrong code counts as a failed sign-in.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(SignIns.MovableTime.class)
class SessionsAndSecondFactorTest {

    private static final String DATABASE = TestDatabase.newDatabase();
    private static final String PASSWORD = "mat-khau-du-dai";
    private static final AtomicInteger USERS = new AtomicInteger();
    private static final Pattern SECRET = Pattern.compile("id=\"factor-secret\">([A-Z2-7]+)<");

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        SignIns.hub(registry, DATABASE);
        registry.add("archive-sync.hub.security.sign-in.max-failures", () -> "3");
        registry.add("archive-sync.hub.security.sign-in.session-max-age", () -> "8h");
    }

    @LocalServerPort
    int port;
    @Autowired
    Users users;
    @Autowired
    SecondFactor secondFactor;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    TestClock clock;

    @BeforeEach
    void aNewDay() {
        clock.advance(Duration.ofDays(1));
    }

    @Test
    void disablingAUserEndsTheirOpenSessionAtTheNextRequest() throws Exception {
        String user = user(Role.VIEWER);
        Browser browser = signedIn(user, PASSWORD);
        assertThat(browser.get("/").statusCode()).isEqualTo(200);

        users.setEnabled(user, false, TestOperators.USERNAME);
        HttpResponse<String> next = browser.get("/");

        assertThat(Browser.location(next)).isEqualTo("/login?expired");
        assertThat(browser.get("/login?expired").body()).contains("id=\"login-expired\"");
        assertThat(Browser.location(browser.get("/"))).as("the old session is gone").endsWith("/login");
    }

    @Test
    void aPasswordChangeEndsTheUsersOtherSessionsButNotTheOneThatMadeIt() throws Exception {
        String user = user(Role.VIEWER);
        Browser changing = signedIn(user, PASSWORD);
        Browser other = signedIn(user, PASSWORD);
        String replacement = "mat-khau-moi-dai-hon";

        HttpResponse<String> changed = changing.post("/account", "/account/password", "current", PASSWORD,
                "password", replacement, "repeat", replacement);

        assertThat(Browser.location(changed)).isEqualTo("/account");
        assertThat(changing.get("/").statusCode()).isEqualTo(200);
        assertThat(Browser.location(other.get("/"))).isEqualTo("/login?expired");
        assertThat(api(user, replacement, null).statusCode()).isEqualTo(200);
        assertThat(api(user, PASSWORD, null).statusCode()).isEqualTo(401);
    }

    @Test
    void anOperatorsPasswordResetEndsTheUsersSessions() throws Exception {
        String user = user(Role.ARCHIVIST);
        Browser session = signedIn(user, PASSWORD);
        Browser operator = signedIn(TestOperators.USERNAME, TestOperators.PASSWORD);
        String replacement = "mat-khau-dat-lai-1";

        HttpResponse<String> reset = operator.post("/users", "/users/" + user + "/password", "password", replacement,
                "repeat", replacement);

        assertThat(Browser.location(reset)).isEqualTo("/users");
        assertThat(Browser.location(session.get("/"))).isEqualTo("/login?expired");
        assertThat(operator.get("/").statusCode()).as("the operator's own session goes on").isEqualTo(200);
        assertThat(Browser.location(new Browser(port).signIn(user, replacement))).doesNotStartWith("/login");
    }

    @Test
    void aSessionEndsAtItsMaximumAgeHoweverBusy() throws Exception {
        Browser browser = signedIn(user(Role.VIEWER), PASSWORD);

        clock.advance(Duration.ofHours(7).plusMinutes(59));
        assertThat(browser.get("/").statusCode()).isEqualTo(200);
        clock.advance(Duration.ofMinutes(1));
        assertThat(Browser.location(browser.get("/"))).isEqualTo("/login?expired");
    }

    @Test
    void theSessionCookieIsHttpOnlyAndSameSiteLax() throws Exception {
        HttpResponse<String> page = new Browser(port).get("/login");

        assertThat(page.headers().allValues("Set-Cookie")).anySatisfy(cookie -> assertThat(cookie)
                .startsWith("JSESSIONID=").containsIgnoringCase("HttpOnly").containsIgnoringCase("SameSite=Lax"));
    }

    @Test
    void enablingTheSecondFactorNeedsAValidCodeOfTheProposedSecret() throws Exception {
        String user = user(Role.VIEWER);
        Browser browser = signedIn(user, PASSWORD);
        String account = browser.get("/account").body();
        Matcher secret = SECRET.matcher(account);
        assertThat(secret.find()).as("the Base32 secret is shown").isTrue();
        assertThat(account).contains("otpauth://totp/archive-sync:" + user + "?secret=" + secret.group(1));

        HttpResponse<String> wrong = browser.post("/account", "/account/second-factor", "code",
                wrongCode(secret.group(1)));
        assertThat(Browser.location(wrong)).isEqualTo("/account");
        assertThat(browser.get("/account").body()).contains("id=\"factor-problem\"");
        assertThat(secondFactor.enabled(user)).isFalse();

        HttpResponse<String> right = browser.post("/account", "/account/second-factor", "code", code(secret.group(1)));
        assertThat(Browser.location(right)).isEqualTo("/account");
        assertThat(secondFactor.enabled(user)).isTrue();
        assertThat(browser.get("/account").body()).contains("id=\"factor-on\"").doesNotContain(secret.group(1));
        assertThat(jdbc.sql("SELECT totp_secret FROM console_users WHERE username = :u").param("u", user)
                .query(String.class).single()).isEqualTo(secret.group(1));
    }

    @Test
    void consoleSignInAsksForTheCodeAfterThePassword() throws Exception {
        String user = user(Role.OPERATOR);
        String secret = enableSecondFactor(user);
        Browser browser = new Browser(port);

        HttpResponse<String> password = browser.signIn(user, PASSWORD);
        assertThat(Browser.location(password)).isEqualTo("/login/code");
        assertThat(Browser.location(browser.get("/"))).as("nothing but the code before it").isEqualTo("/login/code");
        assertThat(Browser.location(browser.get("/api/sites"))).isEqualTo("/login/code");
        HttpResponse<String> codePage = browser.get("/login/code");
        assertThat(codePage.statusCode()).isEqualTo(200);
        assertThat(codePage.body()).contains("Mã xác thực").doesNotContain("id=\"nav-overview\"");

        HttpResponse<String> wrong = browser.post("/login/code", "/login/code", "code", wrongCode(secret));
        assertThat(Browser.location(wrong)).isEqualTo("/login/code?error");
        HttpResponse<String> right = browser.post("/login/code", "/login/code", "code", code(secret));
        assertThat(Browser.location(right)).isEqualTo("/");
        assertThat(browser.get("/users").statusCode()).isEqualTo(200);
        assertThat(audit(user)).containsExactly("LOGIN password CODE_NEXT", "LOGIN code FAILED", "LOGIN code OK");

        // The same code cannot sign in a second time.
        Browser replay = new Browser(port);
        assertThat(Browser.location(replay.signIn(user, PASSWORD))).isEqualTo("/login/code");
        assertThat(Browser.location(replay.post("/login/code", "/login/code", "code", code(secret))))
                .isEqualTo("/login/code?error");
    }

    @Test
    void wrongCodesOnTheConsoleCountAsFailuresAndLockTheAccount() throws Exception {
        String user = user(Role.VIEWER);
        String secret = enableSecondFactor(user);
        Browser browser = new Browser(port);
        assertThat(Browser.location(browser.signIn(user, PASSWORD))).isEqualTo("/login/code");

        browser.post("/login/code", "/login/code", "code", wrongCode(secret));
        browser.post("/login/code", "/login/code", "code", wrongCode(secret));
        HttpResponse<String> third = browser.post("/login/code", "/login/code", "code", wrongCode(secret));

        assertThat(Browser.location(third)).as("the third failure locks and ends the session")
                .isEqualTo("/login?locked=15");
        assertThat(Browser.location(browser.get("/"))).endsWith("/login");
        assertThat(Browser.location(new Browser(port).signIn(user, PASSWORD))).isEqualTo("/login?locked=15");
    }

    @Test
    void theApiNeedsTheCodeInItsHeaderAndCountsWrongOnes() throws Exception {
        String user = user(Role.VIEWER);
        String secret = enableSecondFactor(user);

        HttpResponse<String> without = api(user, PASSWORD, null);
        HttpResponse<String> withCode = api(user, PASSWORD, code(secret));
        HttpResponse<String> sameCodeAgain = api(user, PASSWORD, code(secret));
        HttpResponse<String> wrongPasswordRightCode = api(user, "khong-phai-mat-khau", code(secret));

        assertThat(without.statusCode()).isEqualTo(401);
        assertThat(without.body()).contains("\"reason\":\"code-required\"").contains("X-Archive-OTP");
        assertThat(withCode.statusCode()).isEqualTo(200);
        assertThat(sameCodeAgain.statusCode()).as("the API may reuse a code in its window").isEqualTo(200);
        assertThat(wrongPasswordRightCode.statusCode()).isEqualTo(401);
        assertThat(api(user, PASSWORD, wrongCode(secret)).statusCode()).isEqualTo(401);
        assertThat(api(user, PASSWORD, "x".repeat(200)).statusCode()).isEqualTo(401);
        // Three failures (a password, a wrong code, a hostile header): locked, even with both right.
        HttpResponse<String> locked = api(user, PASSWORD, code(secret));
        assertThat(locked.statusCode()).isEqualTo(429);
        assertThat(audit(user)).contains("LOGIN code FAILED").anySatisfy(
                line -> assertThat(line).startsWith("LOCKOUT account until "));
    }

    private String user(Role role) {
        String name = "phien-" + USERS.incrementAndGet();
        users.create(name, null, PASSWORD.toCharArray(), role, "test");
        return name;
    }

    private String enableSecondFactor(String user) {
        String secret = secondFactor.newSecret();
        assertThat(secondFactor.enable(user, secret, code(secret))).isTrue();
        // A later code than the one the confirmation used, as a person signing in a little later would type.
        clock.advance(Duration.ofSeconds(Totp.STEP_SECONDS));
        return secret;
    }

    private String code(String secret) {
        return Totp.code(Totp.fromBase32(secret), Totp.step(clock.instant()), Totp.DIGITS);
    }

    /** A code of a step far from now, so not valid now. */
    private String wrongCode(String secret) {
        String code = Totp.code(Totp.fromBase32(secret), Totp.step(clock.instant()) + 1000, Totp.DIGITS);
        return code.equals(code(secret)) ? "000000".equals(code) ? "111111" : "000000" : code;
    }

    private Browser signedIn(String user, String password) throws Exception {
        return SignIns.signedIn(port, user, password);
    }

    private HttpResponse<String> api(String user, String password, String code) throws IOException, InterruptedException {
        return SignIns.api(port, user, password, code);
    }

    private List<String> audit(String username) {
        return jdbc.sql("""
                SELECT concat_ws(' ', action, target, outcome) FROM audit_log
                WHERE username = :u AND action IN ('LOGIN', 'LOCKOUT') ORDER BY id""")
                .param("u", username).query(String.class).list();
    }
}
