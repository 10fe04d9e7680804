package org.archivesync.hub.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
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
 * Sign-in throttling asked of the real hub over real HTTP (its own PostgreSQL database, no Kafka), with a clock the
 * test moves: 3 failures lock an account name, 8 from one address lock the address, for 15 minutes, on the console's
 * form and the API's basic credentials alike.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(SignIns.MovableTime.class)
class SignInThrottlingTest {

    private static final String DATABASE = TestDatabase.newDatabase();
    private static final String PASSWORD = "mat-khau-du-dai";
    private static final String WRONG = "sai-mat-khau-123";
    private static final AtomicInteger USERS = new AtomicInteger();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        SignIns.hub(registry, DATABASE);
        registry.add("archive-sync.hub.security.sign-in.max-failures", () -> "3");
        registry.add("archive-sync.hub.security.sign-in.max-failures-per-address", () -> "8");
        registry.add("archive-sync.hub.security.sign-in.lockout", () -> "15m");
        registry.add("archive-sync.hub.security.sign-in.max-tracked", () -> "40");
    }

    @LocalServerPort
    int port;
    @Autowired
    Users users;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    SignInThrottle throttle;
    @Autowired
    TestClock clock;

    @BeforeEach
    void aNewDay() {
        // Every test starts after the lockouts of the ones before it (they all come from 127.0.0.1).
        clock.advance(Duration.ofDays(1));
    }

    @Test
    void apiRefusesALockedAccountEvenWithTheRightPasswordUntilTheLockoutEnds() throws Exception {
        String user = user();

        for (int i = 0; i < 3; i++) {
            assertThat(api(user, WRONG).statusCode()).isEqualTo(401);
        }
        HttpResponse<String> locked = api(user, PASSWORD);
        HttpResponse<String> someoneElse = api(TestOperators.USERNAME, TestOperators.PASSWORD);

        assertThat(locked.statusCode()).isEqualTo(429);
        assertThat(locked.headers().firstValue("Retry-After")).hasValue("900");
        assertThat(locked.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).contains("application/problem+json"));
        assertThat(locked.body()).contains("\"reason\":\"locked\"").contains("900");
        assertThat(someoneElse.statusCode()).as("the account is locked, not the address").isEqualTo(200);
        assertThat(audit(user)).containsExactly("LOGIN FAILED", "LOGIN FAILED", "LOGIN FAILED", "LOCKOUT account",
                "LOGIN REFUSED");
        assertThat(jdbc.sql("SELECT count(*) FROM audit_log WHERE concat(username, action, target, outcome) LIKE :p")
                .param("p", "%" + WRONG + "%").query(Long.class).single()).as("no password is audited").isZero();

        clock.advance(Duration.ofMinutes(14));
        assertThat(api(user, PASSWORD).statusCode()).as("still locked a minute before the end").isEqualTo(429);
        clock.advance(Duration.ofMinutes(1));
        assertThat(api(user, PASSWORD).statusCode()).isEqualTo(200);
    }

    @Test
    void consoleRefusesALockedAccountWithAClearMessageUntilTheLockoutEnds() throws Exception {
        String user = user();
        Browser browser = new Browser(port);

        for (int i = 0; i < 3; i++) {
            assertThat(Browser.location(browser.signIn(user, WRONG))).isEqualTo("/login?error");
        }
        HttpResponse<String> locked = browser.signIn(user, PASSWORD);
        HttpResponse<String> page = browser.get(Browser.location(locked));

        assertThat(Browser.location(locked)).isEqualTo("/login?locked=15");
        assertThat(page.body()).contains("id=\"login-locked\"")
                .contains("Đăng nhập tạm bị khóa vì sai quá nhiều lần").contains("15 phút");
        assertThat(Browser.location(browser.get("/"))).as("not signed in").endsWith("/login");
        assertThat(audit(user)).endsWith("LOCKOUT account", "LOGIN REFUSED");

        clock.advance(Duration.ofMinutes(15));
        // Back to the page asked for before signing in (the overview).
        assertThat(Browser.location(browser.signIn(user, PASSWORD))).startsWith("/").doesNotStartWith("/login");
        assertThat(browser.get("/").statusCode()).isEqualTo(200);
    }

    @Test
    void aCompleteSignInStartsTheAccountsCountAgain() throws Exception {
        String user = user();

        for (int round = 0; round < 3; round++) {
            assertThat(api(user, WRONG).statusCode()).isEqualTo(401);
            assertThat(api(user, WRONG).statusCode()).isEqualTo(401);
            assertThat(api(user, PASSWORD).statusCode()).as("round " + round).isEqualTo(200);
        }
    }

    @Test
    void tooManyFailuresFromOneAddressRefuseEveryAccountFromIt() throws Exception {
        // Eight names, one failure each: no name reaches its limit, the address does.
        for (int i = 0; i < 8; i++) {
            assertThat(api("doan.mo." + i, WRONG).statusCode()).isEqualTo(401);
        }

        HttpResponse<String> operator = api(TestOperators.USERNAME, TestOperators.PASSWORD);
        HttpResponse<String> console = new Browser(port).signIn(TestOperators.USERNAME, TestOperators.PASSWORD);

        assertThat(operator.statusCode()).isEqualTo(429);
        assertThat(Browser.location(console)).isEqualTo("/login?locked=15");
        assertThat(audit("doan.mo.7")).containsExactly("LOGIN FAILED", "LOCKOUT address");
        assertThat(audit(TestOperators.USERNAME)).endsWith("LOGIN REFUSED", "LOGIN REFUSED");
        clock.advance(Duration.ofMinutes(15));
        assertThat(api(TestOperators.USERNAME, TestOperators.PASSWORD).statusCode()).isEqualTo(200);
    }

    @Test
    void anUnknownNameIsLockedLikeAKnownOneAndForgottenAfterwards() throws Exception {
        String unknown = "khong.co.ai";

        for (int i = 0; i < 3; i++) {
            assertThat(api(unknown, WRONG).statusCode()).isEqualTo(401);
        }
        HttpResponse<String> locked = api(unknown, PASSWORD);

        assertThat(locked.statusCode()).as("the same answer as for an existing account").isEqualTo(429);
        assertThat(locked.headers().firstValue("Retry-After")).hasValue("900");
        clock.advance(Duration.ofMinutes(15));
        assertThat(api("someone.else", WRONG).statusCode()).isEqualTo(401);
        assertThat(rows(unknown)).as("forgotten once its lockout has passed").isZero();
    }

    @Test
    void hostileNamesNeitherGrowTheTableWithoutBoundNorBreakSignIn() throws Exception {
        HttpResponse<String> longName = api("x".repeat(5000), WRONG);
        HttpResponse<String> malformed = api("Robert'); DROP TABLE console_users;--", WRONG);

        assertThat(longName.statusCode()).isEqualTo(401);
        assertThat(malformed.statusCode()).isEqualTo(401);
        assertThat(jdbc.sql("SELECT count(*) FROM sign_in_failures WHERE kind = 'ACCOUNT' AND key NOT LIKE '%.%'")
                .query(Long.class).single()).as("a malformed name is counted per address only").isZero();

        // Many addresses spraying new names: at most max-tracked (40) names are counted at once.
        for (int i = 0; i < 60; i++) {
            throttle.failed("phun.ten." + i, "192.0.2." + i);
        }
        assertThat(jdbc.sql("SELECT count(*) FROM sign_in_failures WHERE kind = 'ACCOUNT'").query(Long.class)
                .single()).isLessThanOrEqualTo(40);
        assertThat(users.exists("x".repeat(5000))).isFalse();
    }

    private String user() {
        String name = "thu.khoa-" + USERS.incrementAndGet();
        users.create(name, null, PASSWORD.toCharArray(), Role.VIEWER, "test");
        return name;
    }

    private HttpResponse<String> api(String username, String password) throws IOException, InterruptedException {
        return SignIns.api(port, username, password, null);
    }

    /** The user's audit lines as "ACTION [TARGET] OUTCOME", oldest first. */
    private List<String> audit(String username) {
        return jdbc.sql("""
                SELECT action || CASE WHEN action = 'LOCKOUT' THEN ' ' || target ELSE ' ' || outcome END
                FROM audit_log WHERE username = :u AND action IN ('LOGIN', 'LOCKOUT') ORDER BY id""")
                .param("u", username).query(String.class).list();
    }

    private long rows(String key) {
        return jdbc.sql("SELECT count(*) FROM sign_in_failures WHERE key = :k").param("k", key).query(Long.class)
                .single();
    }
}
