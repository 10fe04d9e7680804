package org.archivesync.hub.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.archivesync.hub.database.TestDatabase;
import org.archivesync.hub.progress.Campaign;
import org.archivesync.hub.progress.Campaigns;
import org.archivesync.hub.progress.DueDate.Scope;
import org.archivesync.hub.progress.DueDate;
import org.archivesync.hub.progress.Milestone;
import org.archivesync.hub.progress.MilestoneKind;
import org.archivesync.hub.progress.Progress;
import org.archivesync.hub.security.Role;
import org.archivesync.hub.security.Users;
import org.archivesync.hub.sites.SiteDirectory;
import org.archivesync.hub.sites.SiteRole;
import org.archivesync.hub.testing.HubTestProperties;
import org.archivesync.hub.testing.TestOperators;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The campaign pages over real HTTP against the real hub (its own PostgreSQL database, no Kafka), as a browser's
 * session uses them: a form posted with its page's CSRF token. Operators create and change; a refusal is shown on the
 * form in the page's language with its field, and nothing is saved; others are refused; every POST is audited with
 * who and what.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class CampaignPagesTest {

    private static final String DATABASE = TestDatabase.newDatabase();
    private static final AtomicInteger CAMPAIGNS = new AtomicInteger();
    private static final String CAI_NUOC = "CM.CP.CAINUOC";
    private static final String TRAN_VAN_THOI = "CM.CP.TVT";
    private static final String ARCHIVIST = "luu.tru.cp";
    private static final String ARCHIVIST_PASSWORD = "mat-khau-luu-tru-cp";
    private static final Pattern PROBLEM = Pattern.compile(
            "<li data-field=\"([^\"]+)\"[^>]*><strong>([^<]*)</strong>: <span>([^<]*)</span></li>");

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        HubTestProperties.database(registry, DATABASE);
        HubTestProperties.withoutKafka(registry);
        TestOperators.register(registry);
    }

    @LocalServerPort
    int port;
    @Autowired
    Campaigns campaigns;

    @Autowired
    Progress progress;
    @Autowired
    SiteDirectory sites;
    @Autowired
    Users users;
    @Autowired
    JdbcClient jdbc;

    private String code;

    @BeforeEach
    void sitesOfTwoFormerDistricts() {
        if (sites.site(CAI_NUOC).isEmpty()) {
            sites.createSite(CAI_NUOC, "UBND huyện Cái Nước", "969", SiteRole.DISTRICT_OFFICE);
            sites.createSite(TRAN_VAN_THOI, "UBND huyện Trần Văn Thời", "968", SiteRole.DISTRICT_OFFICE);
            users.create(ARCHIVIST, "Lưu trữ viên", ARCHIVIST_PASSWORD.toCharArray(), Role.ARCHIVIST, "test");
        }
        code = "CP-" + CAMPAIGNS.incrementAndGet();
    }

    @Test
    void operatorCreatesACampaignWithADateAsAnOfficeWritesIt() throws Exception {
        Session operator = operator();

        HttpResponse<String> created = operator.post("/campaigns", "/campaigns", "campaignCode", code,
                "name", "Chỉnh lý, giao nộp 2025", "startsOn", "20/05/2025");

        assertThat(created.statusCode()).isEqualTo(302);
        assertThat(location(created)).isEqualTo("/campaigns/" + code);
        assertThat(campaigns.campaign(code)).isEqualTo(new Campaign(code, "Chỉnh lý, giao nộp 2025",
                LocalDate.parse("2025-05-20"), List.of()));
        String page = operator.get("/campaigns/" + code).body();
        assertThat(page).contains("Đã tạo đợt").contains("value=\"20/05/2025\"");
        assertThat(operator.get("/campaigns").body()).contains(code).contains("Chỉnh lý, giao nộp 2025")
                .contains("20/05/2025");
    }

    @Test
    void operatorSetsAMilestoneThenMovesItsDefaultDate() throws Exception {
        campaign();
        Session operator = operator();

        HttpResponse<String> set = operator.post(page(), page() + "/milestones/TRANSFERRED", "name",
                "Nộp lưu vào Trung tâm Lưu trữ lịch sử tỉnh", "dueOn", "16/06/2025");
        HttpResponse<String> moved = operator.post(page(), page() + "/milestones/TRANSFERRED", "name",
                "Nộp lưu vào Trung tâm Lưu trữ lịch sử tỉnh", "dueOn", "18/6/2025");

        assertThat(set.statusCode()).isEqualTo(302);
        assertThat(moved.statusCode()).isEqualTo(302);
        assertThat(campaigns.campaign(code).milestones()).containsExactly(new Milestone(MilestoneKind.TRANSFERRED,
                "Nộp lưu vào Trung tâm Lưu trữ lịch sử tỉnh", LocalDate.parse("2025-06-18")));
        assertThat(operator.get(page()).body()).contains("value=\"18/06/2025\"");
        assertThat(operator.get("/campaigns").body()).contains("18/06/2025");
    }

    @Test
    void operatorAddsADistrictDateAndAnOfficeDateAndRemovesOne() throws Exception {
        campaign("TRANSFERRED");
        Session operator = operator();
        String page = operator.get(page()).body();
        // The select offers the former districts that have offices, and the offices.
        assertThat(page).contains("value=\"DISTRICT:969\"").contains("value=\"DISTRICT:968\"")
                .contains("value=\"SITE:" + CAI_NUOC + "\"");

        HttpResponse<String> district = operator.post(page(), page() + "/milestones/TRANSFERRED/dates",
                "place", "DISTRICT:969", "dueOn", "20/06/2025");
        HttpResponse<String> office = operator.post(page(), page() + "/milestones/TRANSFERRED/dates",
                "place", "SITE:" + TRAN_VAN_THOI, "dueOn", "19/06/2025");

        assertThat(district.statusCode()).isEqualTo(302);
        assertThat(office.statusCode()).isEqualTo(302);
        Milestone m = campaigns.campaign(code).milestones().get(0);
        assertThat(m.dates()).containsExactlyInAnyOrder(
                new DueDate(Scope.DISTRICT, "969", LocalDate.parse("2025-06-20")),
                new DueDate(Scope.SITE, TRAN_VAN_THOI, LocalDate.parse("2025-06-19")));
        assertThat(m.dueFor(CAI_NUOC, List.of("969"))).isEqualTo(LocalDate.parse("2025-06-20"));
        assertThat(m.dueFor(TRAN_VAN_THOI, List.of("968"))).isEqualTo(LocalDate.parse("2025-06-19"));
        String shown = operator.get(page()).body();
        assertThat(shown).contains("huyện Cái Nước").contains("20/06/2025").contains("UBND huyện Trần Văn Thời")
                .contains("19/06/2025");
        assertThat(operator.get("/campaigns").body()).contains("(và 2 hạn riêng)");

        HttpResponse<String> removed = operator.post(page(), page() + "/milestones/TRANSFERRED/dates/remove",
                "place", "SITE:" + TRAN_VAN_THOI);
        assertThat(removed.statusCode()).isEqualTo(302);
        assertThat(campaigns.campaign(code).milestones().get(0).dates()).containsExactly(
                new DueDate(Scope.DISTRICT, "969", LocalDate.parse("2025-06-20")));
    }

    @Test
    void refusalsAreShownOnTheFormInThePageLanguageAndNothingIsSaved() throws Exception {
        campaign("TRANSFERRED");
        campaigns.setMilestone(code, new Milestone(MilestoneKind.TRANSFERRED, "Nộp lưu", LocalDate.parse("2025-06-16"),
                List.of(new DueDate(Scope.DISTRICT, "969", LocalDate.parse("2025-06-20")))));
        Campaign before = campaigns.campaign(code);
        Session operator = operator();

        HttpResponse<String> badDate = operator.post(page(), page() + "/milestones/TRANSFERRED", "name", "Nộp lưu",
                "dueOn", "31/06/2025");
        HttpResponse<String> beforeStart = operator.post(page(), page() + "/milestones/TRANSFERRED/dates",
                "place", "SITE:" + CAI_NUOC, "dueOn", "01/05/2025");
        HttpResponse<String> unknown = operator.post(page(), page() + "/milestones/TRANSFERRED/dates",
                "place", "DISTRICT:999", "dueOn", "20/06/2025");
        HttpResponse<String> duplicate = operator.post(page(), page() + "/milestones/TRANSFERRED/dates",
                "place", "DISTRICT:969", "dueOn", "21/06/2025");
        HttpResponse<String> lateStart = operator.post(page(), page(), "name", "Đợt mới", "startsOn", "17/06/2025");
        HttpResponse<String> taken = operator.post("/campaigns", "/campaigns", "campaignCode", code, "name", "Khác",
                "startsOn", "01/06/2025");
        HttpResponse<String> noMilestone = operator.post(page(), page() + "/milestones/SEALED/dates",
                "place", "DISTRICT:969", "dueOn", "20/06/2025");
        HttpResponse<String> noSuchKind = operator.post(page(), page() + "/milestones/PACKED", "name", "Đóng hộp",
                "dueOn", "20/06/2025");
        HttpResponse<String> noSuchCampaign = operator.post(page(), "/campaigns/KHONG-CO/milestones/SEALED",
                "name", "Niêm phong", "dueOn", "20/06/2025");

        assertThat(List.of(badDate, beforeStart, unknown, duplicate, lateStart, taken, noMilestone))
                .extracting(HttpResponse::statusCode).containsOnly(422);
        assertThat(problems(badDate)).containsExactly(
                "dueOn: Hạn: “31/06/2025” không phải một ngày viết theo ngày/tháng/năm (ví dụ 16/06/2025)."
                        + " Chưa lưu gì.");
        // The refused form shows again what was sent.
        assertThat(badDate.body()).contains("value=\"31/06/2025\"");
        assertThat(problems(beforeStart)).containsExactly(
                "dueOn: Hạn: Ngày 01/05/2025 trước ngày bắt đầu của đợt (20/05/2025). Chưa lưu gì.");
        assertThat(problems(unknown)).containsExactly(
                "place: Huyện cũ hoặc cơ quan: Không có huyện cũ mang mã 999. Chưa lưu gì.");
        assertThat(problems(duplicate)).containsExactly("place: Huyện cũ hoặc cơ quan: 969 đã có hạn riêng ở mốc này;"
                + " hãy xóa hạn cũ trước khi đặt hạn mới. Chưa lưu gì.");
        assertThat(problems(lateStart)).singleElement().asString().startsWith("startsOn: Ngày bắt đầu:")
                .contains("“Nộp lưu”");
        assertThat(problems(taken)).containsExactly("campaignCode: Mã đợt: Đã có đợt mang mã " + code
                + ". Chưa lưu gì.");
        assertThat(problems(noMilestone)).containsExactly(
                "place: Huyện cũ hoặc cơ quan: Đợt chưa có mốc này; hãy đặt mốc trước. Chưa lưu gì.");
        assertThat(noMilestone.body()).contains("data-form=\"milestone-SEALED\"");
        assertThat(noSuchKind.statusCode()).isEqualTo(400);
        assertThat(noSuchCampaign.statusCode()).isEqualTo(404);
        assertThat(campaigns.campaign(code)).isEqualTo(before);
        assertThat(campaigns.campaigns()).noneMatch(c -> c.campaignCode().equals("KHONG-CO"));

        // In English once the page is switched.
        operator.get("/campaigns?lang=en");
        HttpResponse<String> english = operator.post(page(), page() + "/milestones/TRANSFERRED", "name", "Nộp lưu",
                "dueOn", "2025-06-30");
        assertThat(problems(english)).containsExactly(
                "dueOn: Date: \"2025-06-30\" is not a date written dd/mm/yyyy (e.g. 16/06/2025). Nothing was saved.");
        assertThat(campaigns.campaign(code)).isEqualTo(before);
    }

    @Test
    void onlyAnOperatorChangesAndOthersSeeTheCampaignReadOnly() throws Exception {
        campaign("SEALED");
        Session archivist = signedIn(ARCHIVIST, ARCHIVIST_PASSWORD);

        HttpResponse<String> page = archivist.get(page());
        HttpResponse<String> refused = archivist.post(page(), page() + "/milestones/SEALED", "name", "Niêm phong",
                "dueOn", "10/06/2025");
        HttpResponse<String> create = archivist.post("/campaigns", "/campaigns", "campaignCode", code + "-X",
                "name", "Đợt khác", "startsOn", "01/06/2025");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("Chỉ người vận hành được tạo và sửa đợt").doesNotContain("id=\"save-SEALED\"")
                .doesNotContain("id=\"add-SEALED\"");
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(create.statusCode()).isEqualTo(403);
        assertThat(campaigns.campaign(code).milestones().get(0).dueOn()).isEqualTo(LocalDate.parse("2025-06-05"));
        assertThat(campaigns.campaigns()).noneMatch(c -> c.campaignCode().equals(code + "-X"));
        assertThat(count("SELECT count(*) FROM audit_log WHERE username = :u AND action = :a AND outcome = '403'",
                ARCHIVIST, "POST " + page() + "/milestones/SEALED")).isEqualTo(1);
    }

    @Test
    void everyConsoleChangeIsAuditedWithWhoAndWhat() throws Exception {
        campaign("SEALED");
        Session operator = operator();

        operator.post(page(), page() + "/milestones/SEALED/dates", "place", "DISTRICT:968", "dueOn", "05/06/2025");
        operator.post(page(), page() + "/milestones/SEALED/dates", "place", "DISTRICT:968", "dueOn", "bad");
        operator.post(page(), page() + "/milestones/SEALED/remove");

        List<String> lines = jdbc.sql("""
                SELECT action || ' | ' || coalesce(target, '') || ' | ' || outcome FROM audit_log
                WHERE username = :u AND action LIKE :a ORDER BY id""")
                .param("u", TestOperators.USERNAME).param("a", "POST " + page() + "%").query(String.class).list();
        assertThat(lines).containsExactly(
                "POST " + page() + "/milestones/SEALED/dates | place=DISTRICT:968 dueOn=05/06/2025 | 302",
                "POST " + page() + "/milestones/SEALED/dates | place=DISTRICT:968 dueOn=bad | 422",
                "POST " + page() + "/milestones/SEALED/remove |  | 302");
        assertThat(campaigns.campaign(code).milestones()).isEmpty();
    }

    // ---------------------------------------------------------------------------------------------------------------

    private String page() {
        return "/campaigns/" + code;
    }

    /** A campaign starting 20/05/2025 with the given milestones, each due 05/06/2025. */
    private void campaign(String... kinds) {
        campaigns.createCampaign(new Campaign(code, "Đợt " + code, LocalDate.parse("2025-05-20"),
                java.util.Arrays.stream(kinds).map(k -> new Milestone(MilestoneKind.valueOf(k), "Mốc " + k,
                        LocalDate.parse("2025-06-05"))).toList()));
    }

    private long count(String sql, String user, String action) {
        return jdbc.sql(sql).param("u", user).param("a", action).query(Long.class).single();
    }

    /** The refusals a page shows, each as "field: label: reason". */
    private static List<String> problems(HttpResponse<String> page) {
        Matcher m = PROBLEM.matcher(page.body());
        List<String> found = new java.util.ArrayList<>();
        while (m.find()) {
            found.add(m.group(1) + ": " + unescape(m.group(2)) + ": " + unescape(m.group(3)));
        }
        return found;
    }

    private static String unescape(String html) {
        return html.replace("&quot;", "\"").replace("&#39;", "'").replace("&lt;", "<").replace("&gt;", ">")
                .replace("&amp;", "&");
    }

    private static String location(HttpResponse<?> response) {
        return response.headers().firstValue("Location").map(l -> l.replaceFirst("^https?://[^/]+", ""))
                .orElse("(no redirect, status " + response.statusCode() + ")");
    }

    private Session operator() throws IOException, InterruptedException {
        return signedIn(TestOperators.USERNAME, TestOperators.PASSWORD);
    }

    private Session signedIn(String username, String password) throws IOException, InterruptedException {
        Session session = new Session();
        HttpResponse<String> signIn = session.post("/login", "/login", "username", username, "password", password);
        assertThat(location(signIn)).doesNotStartWith("/login");
        return session;
    }

    /** A browser's session: cookies kept, redirects not followed, each form posted with its page's CSRF token. */
    private final class Session {

        private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
        private final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).build();

        HttpResponse<String> get(String path) throws IOException, InterruptedException {
            return http.send(HttpRequest.newBuilder(uri(path)).header("Accept", "text/html").GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        }

        HttpResponse<String> post(String page, String path, String... namesAndValues)
                throws IOException, InterruptedException {
            Matcher token = CSRF.matcher(get(page).body());
            assertThat(token.find()).as("a CSRF token on " + page).isTrue();
            var body = new StringBuilder("_csrf=").append(URLEncoder.encode(token.group(1), StandardCharsets.UTF_8));
            for (int i = 0; i < namesAndValues.length; i += 2) {
                body.append('&').append(namesAndValues[i]).append('=')
                        .append(URLEncoder.encode(namesAndValues[i + 1], StandardCharsets.UTF_8));
            }
            return http.send(HttpRequest.newBuilder(uri(path))
                    .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "text/html")
                    .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(),
                    HttpResponse.BodyHandlers.ofString());
        }

        private URI uri(String path) {
            return URI.create("http://localhost:" + port + path);
        }
    }
}
