package org.archivesync.hub.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.archivesync.hub.database.TestDatabase;
import org.archivesync.hub.sites.SiteDirectory;
import org.archivesync.hub.sites.SiteRole;
import org.archivesync.hub.testing.TestOperators;
import org.archivesync.schemas.integrity.SiteKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.DefaultApplicationArguments;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Who may do what, asked of the real hub over real HTTP (its own PostgreSQL database, no Kafka): HTTP basic for REST
 * clients, the console's session with its CSRF token, the roles VIEWER &lt; ARCHIVIST &lt; OPERATOR, what stays open,
 * the audit log, and how users come to exist.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SecurityRulesTest {

    private static final String DATABASE = TestDatabase.newDatabase();
    private static final String PASSWORD = "mat-khau-du-dai";
    private static final AtomicInteger USERS = new AtomicInteger();
    private static final AtomicInteger SITES = new AtomicInteger();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        SignIns.hub(registry, DATABASE);
    }

    /**
     * The console has no page of its own yet that renders a form; this one hands a signed-in client its session's
     * CSRF token, as a console form would.
     */
    @TestConfiguration
    static class CsrfTokenPage {
        @Bean
        CsrfTokenController csrfTokenController() {
            return new CsrfTokenController();
        }
    }

    @RestController
    static class CsrfTokenController {
        @GetMapping("/test/csrf-token")
        String token(CsrfToken token) {
            return token.getToken();
        }
    }

    @LocalServerPort
    int port;
    @Autowired
    Users users;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    SiteDirectory sites;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void anonymousApiCallIsChallengedForBasicCredentials() throws Exception {
        HttpResponse<String> answer = send(get("/api/sites"));

        assertThat(answer.statusCode()).isEqualTo(401);
        assertThat(answer.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                challenge -> assertThat(challenge).startsWith("Basic"));
    }

    @Test
    void wrongPasswordIsUnauthorized() throws Exception {
        HttpResponse<String> answer = send(get("/api/sites")
                .header("Authorization", TestOperators.basic(TestOperators.USERNAME, "not-the-password")));
        HttpResponse<String> unknownUser = send(get("/api/sites")
                .header("Authorization", TestOperators.basic("nobody-here", PASSWORD)));

        assertThat(answer.statusCode()).isEqualTo(401);
        assertThat(unknownUser.statusCode()).isEqualTo(401);
    }

    @Test
    void viewerIsRefusedChangesButReadsSites() throws Exception {
        String viewer = user(Role.VIEWER);

        HttpResponse<String> read = send(as(viewer, get("/api/sites")));
        HttpResponse<String> change = send(as(viewer, postSite(newSiteCode())));
        HttpResponse<String> export = send(as(viewer, get("/api/handovers/" + UUID.randomUUID() + "/minutes.pdf")));

        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(change.statusCode()).isEqualTo(403);
        assertThat(export.statusCode()).as("exports need ARCHIVIST").isEqualTo(403);
    }

    @Test
    void archivistGetsPastTheExportRule() throws Exception {
        String archivist = user(Role.ARCHIVIST);

        HttpResponse<String> missing = send(as(archivist, get("/api/handovers/" + UUID.randomUUID() + "/minutes.pdf")));
        HttpResponse<String> fileList = send(as(archivist, get("/api/fonds/KHONG.CO/file-list.xlsx")));
        HttpResponse<String> change = send(as(archivist, postSite(newSiteCode())));

        assertThat(missing.statusCode()).as("an unknown handover, not a refusal").isEqualTo(404);
        assertThat(fileList.statusCode()).isNotIn(401, 403);
        assertThat(change.statusCode()).as("changes need OPERATOR").isEqualTo(403);
    }

    @Test
    void operatorCreatesASite() throws Exception {
        String site = newSiteCode();

        HttpResponse<String> created = send(asOperator(postSite(site)));

        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(sites.site(site)).isPresent();
    }

    @Test
    void registryAndHealthAnswerWithoutCredentials() throws Exception {
        HttpResponse<String> subjects = send(get("/registry/subjects"));
        HttpResponse<String> health = send(get("/actuator/health"));
        HttpResponse<String> liveness = send(get("/actuator/health/liveness"));

        assertThat(subjects.statusCode()).isEqualTo(200);
        // Without a broker the hub may report itself down (503): what matters is that it answers.
        assertThat(health.statusCode()).isIn(200, 503);
        assertThat(health.body()).contains("\"status\"");
        assertThat(liveness.statusCode()).isEqualTo(200);
    }

    @Test
    void enrollmentIsReachableWithoutCredentialsAndChecksItsToken() throws Exception {
        String site = newSiteCode();
        sites.createSite(site, "UBND xã " + site, "32001", SiteRole.COMMUNE);
        String body = """
                {"siteCode":"%s","token":"khong-phai-ma-that","publicKey":"%s"}""".formatted(site,
                SiteKeys.encodePublic(SiteKeys.generate().getPublic()));

        HttpResponse<String> refused = send(HttpRequest.newBuilder(uri("/api/enrollment"))
                .header("Content-Type", "application/json").header("Accept-Language", "en")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
        HttpResponse<String> unreadable = send(HttpRequest.newBuilder(uri("/api/enrollment"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{")));

        // The enrollment's own answer about the token (a problem with a reason), not the API's request to sign in.
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.headers().firstValue("WWW-Authenticate")).isEmpty();
        assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).contains("problem+json"));
        assertThat(refused.body()).contains("Invalid enrollment token").contains("\"reason\":\"UNKNOWN\"");
        assertThat(unreadable.statusCode()).isEqualTo(400);
    }

    @Test
    void consoleWithoutSessionRedirectsToSignIn() throws Exception {
        // As a browser asks for a page (without Accept: text/html a client is challenged for basic credentials).
        HttpResponse<String> answer = send(HttpRequest.newBuilder(uri("/"))
                .header("Accept", "text/html,application/xhtml+xml,*/*;q=0.8").GET());

        assertThat(answer.statusCode()).isEqualTo(302);
        assertThat(answer.headers().firstValue("Location")).hasValueSatisfying(
                location -> assertThat(location).endsWith("/login"));
    }

    @Test
    void sessionPostWithoutCsrfTokenIsRefused() throws Exception {
        HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
        // The sign-in form's token, then the form itself.
        String signInToken = send(browser, asOperator(get("/test/csrf-token"))).body();
        HttpResponse<String> signedIn = send(browser, HttpRequest.newBuilder(uri("/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form("username", TestOperators.USERNAME,
                        "password", TestOperators.PASSWORD, "_csrf", signInToken))));
        assertThat(signedIn.statusCode()).isEqualTo(302);
        assertThat(signedIn.headers().firstValue("Location").orElseThrow()).doesNotContain("error");

        HttpResponse<String> withoutToken = send(browser, postSite(newSiteCode()));
        String token = send(browser, get("/test/csrf-token")).body();
        HttpResponse<String> withToken = send(browser, postSite(newSiteCode()).header("X-CSRF-TOKEN", token));

        assertThat(withoutToken.statusCode()).isEqualTo(403);
        assertThat(withToken.statusCode()).as("the same session with its token").isEqualTo(201);
    }

    @Test
    void passwordsAreStoredAsBcryptHashes() {
        String viewer = user(Role.VIEWER);

        String hash = jdbc.sql("SELECT password_hash FROM console_users WHERE username = :u").param("u", viewer)
                .query(String.class).single();

        assertThat(hash).startsWith("{bcrypt}").doesNotContain(PASSWORD);
    }

    @Test
    void auditLogHoldsTheOperatorsChangeAndTheViewersRefusal() throws Exception {
        String viewer = user(Role.VIEWER);
        String operatorsSite = newSiteCode();

        assertThat(send(asOperator(postSite(operatorsSite))).statusCode()).isEqualTo(201);
        assertThat(send(as(viewer, postSite(newSiteCode()))).statusCode()).isEqualTo(403);

        // A line is written once the answer has gone out: wait for it, boundedly.
        await().atMost(10, TimeUnit.SECONDS).untilAsserted(() -> {
            assertThat(audit(TestOperators.USERNAME, "POST /api/sites")).contains("201");
            assertThat(audit(viewer, "POST /api/sites")).containsExactly("403");
        });
    }

    @Test
    void usersNeedALongPasswordAndAWellFormedName() {
        assertThatThrownBy(() -> users.create("nv.ngan", null, "ngan-qua".toCharArray(), Role.VIEWER, "test"))
                .isInstanceOfSatisfying(InvalidUserException.class,
                        e -> assertThat(e.reason()).isEqualTo("user.password-too-short"));
        assertThatThrownBy(() -> users.create("nv.trang", null, "            ".toCharArray(), Role.VIEWER, "test"))
                .isInstanceOfSatisfying(InvalidUserException.class,
                        e -> assertThat(e.reason()).isEqualTo("user.password-too-short"));
        for (String name : new String[] {"Nguyen Van A", "ab", "-dau-gach", "nguyễn"}) {
            assertThatThrownBy(() -> users.create(name, null, PASSWORD.toCharArray(), Role.VIEWER, "test"))
                    .as(name).isInstanceOfSatisfying(InvalidUserException.class,
                            e -> assertThat(e.reason()).isEqualTo("user.bad-username"));
        }
        assertThat(users.exists("nv.ngan")).isFalse();
    }

    @Test
    void initialOperatorFromConfigurationExistsAfterStart() {
        assertThat(users.list()).filteredOn(u -> u.username().equals(TestOperators.USERNAME)).singleElement()
                .satisfies(u -> {
                    assertThat(u.role()).isEqualTo(Role.OPERATOR);
                    assertThat(u.createdBy()).isEqualTo("configuration");
                    assertThat(u.enabled()).isTrue();
                });
    }

    @Test
    void createUserTwiceWithTheSameNameFails(@TempDir Path dir) throws Exception {
        Path passwordFile = Files.writeString(dir.resolve("password.txt"), PASSWORD + "\nignored second line\n");
        var command = new CreateUserCommand(users);
        var args = new DefaultApplicationArguments("create-user", "lt.binh", "--role=ARCHIVIST",
                "--password-file=" + passwordFile);

        command.run(args);

        assertThat(users.list()).filteredOn(u -> u.username().equals("lt.binh")).singleElement()
                .satisfies(u -> assertThat(u.role()).isEqualTo(Role.ARCHIVIST));
        assertThat(send(as("lt.binh", get("/api/sites"))).statusCode()).as("the first line is the password")
                .isEqualTo(200);
        assertThatThrownBy(() -> command.run(args)).isInstanceOfSatisfying(InvalidUserException.class,
                e -> assertThat(e.reason()).isEqualTo("user.exists"));
    }

    @Test
    void createUserNamesTheBadRoleOrTheUnreadablePasswordFile(@TempDir Path dir) throws Exception {
        Path passwordFile = Files.writeString(dir.resolve("password.txt"), PASSWORD + "\n");
        var command = new CreateUserCommand(users);

        assertThatThrownBy(() -> command.run(new DefaultApplicationArguments("create-user", "x.role", "--role=ADMIN",
                "--password-file=" + passwordFile))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--role=ADMIN").hasMessageContaining("VIEWER, ARCHIVIST or OPERATOR");
        Path missing = dir.resolve("missing.txt");
        assertThatThrownBy(() -> command.run(new DefaultApplicationArguments("create-user", "x.file",
                "--password-file=" + missing))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("--password-file").hasMessageContaining(missing.toString());
        assertThat(users.exists("x.role")).isFalse();
        assertThat(users.exists("x.file")).isFalse();
    }

    private String user(Role role) {
        String name = role.name().toLowerCase() + "-" + USERS.incrementAndGet();
        users.create(name, null, PASSWORD.toCharArray(), role, "test");
        return name;
    }

    private static String newSiteCode() {
        return "CM.SEC" + SITES.incrementAndGet() + ".UBND";
    }

    private List<String> audit(String username, String action) {
        return jdbc.sql("SELECT outcome FROM audit_log WHERE username = :u AND action = :a ORDER BY id")
                .param("u", username).param("a", action).query(String.class).list();
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    private HttpRequest.Builder get(String path) {
        return HttpRequest.newBuilder(uri(path)).GET();
    }

    private HttpRequest.Builder postSite(String siteCode) {
        String body = """
                {"siteCode":"%s","name":"UBND %s","unitCode":"32092","role":"COMMUNE"}""".formatted(siteCode, siteCode);
        return HttpRequest.newBuilder(uri("/api/sites")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
    }

    private static HttpRequest.Builder as(String username, HttpRequest.Builder request) {
        return request.header("Authorization", TestOperators.basic(username, PASSWORD));
    }

    private static HttpRequest.Builder asOperator(HttpRequest.Builder request) {
        return request.header("Authorization", TestOperators.authorization());
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return send(http, request);
    }

    private static HttpResponse<String> send(HttpClient client, HttpRequest.Builder request)
            throws IOException, InterruptedException {
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String form(String... namesAndValues) {
        var body = new StringBuilder();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            body.append(i == 0 ? "" : "&").append(namesAndValues[i]).append('=')
                    .append(URLEncoder.encode(namesAndValues[i + 1], StandardCharsets.UTF_8));
        }
        return body.toString();
    }
}
