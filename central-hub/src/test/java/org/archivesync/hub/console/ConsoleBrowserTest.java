package org.archivesync.hub.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.archivesync.agent.identity.SiteIdentity;
import org.archivesync.agent.recording.AppraiseFile;
import org.archivesync.agent.recording.BoxKey;
import org.archivesync.agent.recording.ConfirmHandoverReceived;
import org.archivesync.agent.recording.DigitizeFile;
import org.archivesync.agent.recording.FileKey;
import org.archivesync.agent.recording.PackBox;
import org.archivesync.agent.recording.RecordDestruction;
import org.archivesync.agent.recording.RecordFile;
import org.archivesync.agent.recording.RegisterFonds;
import org.archivesync.agent.recording.RegisterStorageLocation;
import org.archivesync.agent.recording.ReportExtents;
import org.archivesync.agent.recording.SealBox;
import org.archivesync.agent.recording.SendHandover;
import org.archivesync.avro.AccessRegime;
import org.archivesync.avro.AppraisalDecision;
import org.archivesync.avro.FondsRegistered;
import org.archivesync.avro.ReceiverKind;
import org.archivesync.avro.RetentionKind;
import org.archivesync.avro.SecretLevel;
import org.archivesync.avro.Sha256;
import org.archivesync.avro.SiteEvent;
import org.archivesync.hub.database.TestDatabase;
import org.archivesync.hub.progress.Campaign;
import org.archivesync.hub.progress.Campaigns;
import org.archivesync.hub.progress.DueDate;
import org.archivesync.hub.progress.Milestone;
import org.archivesync.hub.progress.MilestoneKind;
import org.archivesync.hub.progress.Progress;
import org.archivesync.hub.security.Role;
import org.archivesync.hub.security.Users;
import org.archivesync.hub.sites.SiteDirectory;
import org.archivesync.hub.testing.HubTestProperties;
import org.archivesync.hub.testing.RealAgent;
import org.archivesync.hub.testing.TestOperators;
import org.archivesync.schemas.integrity.ChainHash;
import org.archivesync.schemas.integrity.SchemaFingerprint;
import org.archivesync.schemas.integrity.SiteKeys;
import org.archivesync.schemas.registry.SchemaRegistryClient;
import org.archivesync.schemas.wire.AvroCodec;
import org.archivesync.schemas.wire.SiteEventHeaders;
import org.archivesync.schemas.wire.WireFormat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The operator console in a real browser (Debian's chromium driven through Debian's chromedriver): a hub on a real
 * embedded Kafka broker and a real PostgreSQL, fed by three real site agents publishing through the broker — the
 * former huyện Cái Nước (files, boxes, a seal, appraisals, a scan, a handover, a destruction), the new xã Tân Hưng
 * (receives the handover) and xã Đầm Dơi, whose own key signed a second history of its first event (an agent restored
 * from an old copy, quarantined) before its next three events arrive. Each
 * run leaves screenshots of the main pages in {@code target/console-screenshots/}.
 *
 * <p>Skipped when chromium or chromedriver is missing, unless {@code ARCHIVE_SYNC_REQUIRE_BROWSER=1} (set by
 * {@code .ci/run}, which installs both), where a missing browser fails the run.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT,
        properties = "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}")
@EmbeddedKafka(count = 1)
@DirtiesContext
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SCREENSHOTS = Path.of("target", "console-screenshots");
    private static final String DATABASE = TestDatabase.newDatabase();
    private static final int PORT = freePort();
    private static final String CAI_NUOC = "CM.UI.CAINUOC";
    private static final String TAN_HUNG = "CM.UI.TANHUNG";
    private static final String DAM_DOI = "CM.UI.DAMDOI";
    private static final String FONDS = "UI.CN";
    private static final String VIEWER = "xem.thu";
    private static final String VIEWER_PASSWORD = "mat-khau-xem-thu";
    private static final LocalDate DAY = LocalDate.parse("2025-07-01");

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        HubTestProperties.database(registry, DATABASE, PORT);
        HubTestProperties.withEmbeddedBroker(registry);
        registry.add("archive-sync.hub.progress.record-interval", () -> "200ms");
    }

    @Autowired
    EmbeddedKafkaBroker broker;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    SiteDirectory sites;
    @Autowired
    Users users;
    @Autowired
    Campaigns campaigns;

    @Autowired
    Progress progress;
    @Autowired
    SchemaRegistryClient registryClient;

    private final List<RealAgent> agents = new ArrayList<>();
    private ChromeDriver browser;
    private String base;
    private int shots;

    @BeforeAll
    void feedTheHubAndOpenABrowser() throws IOException {
        boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!present && "1".equals(System.getenv("ARCHIVE_SYNC_REQUIRE_BROWSER"))) {
            fail("ARCHIVE_SYNC_REQUIRE_BROWSER=1 but " + CHROMIUM + " or " + CHROMEDRIVER + " is missing:"
                    + " apt-get install -y chromium chromium-driver");
        }
        assumeTrue(present, "no Debian chromium/chromedriver: apt-get install -y chromium chromium-driver");
        base = "http://localhost:" + PORT;
        feed();
        Files.createDirectories(SCREENSHOTS);
        try (var old = Files.list(SCREENSHOTS)) {
            old.forEach(p -> p.toFile().delete());
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // The browser asks for English first: the console must still answer in Vietnamese until switched.
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--no-first-run", "--disable-quic", "--disable-sync",
                "--window-size=1400,1800", "--lang=en-US",
                "--user-data-dir=" + Files.createTempDirectory("console-chromium-"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    }

    @AfterAll
    void closeBrowserAndAgents() {
        if (browser != null) {
            browser.quit();
        }
        agents.forEach(RealAgent::close);
    }

    @Test
    @Order(1)
    void anonymousVisitorIsSentToSignInAndAWrongPasswordIsRefused() {
        browser.manage().deleteAllCookies();
        browser.get(base + "/catalogue");
        assertThat(browser.getCurrentUrl()).endsWith("/login");
        assertThat(text("h1")).isEqualTo("Đăng nhập");
        screenshot("login");
        signInAs(TestOperators.USERNAME, "not-the-password");
        assertThat(browser.getCurrentUrl()).as(browser.getPageSource()).contains("/login?error");
        assertThat(browser.findElement(By.id("login-error")).getText()).contains("Sai tên đăng nhập hoặc mật khẩu");
    }

    @Test
    @Order(2)
    void operatorSeesTheProvinceFiguresInVietnamese() {
        signedInAs(TestOperators.USERNAME, TestOperators.PASSWORD);
        assertThat(browser.getCurrentUrl()).isEqualTo(base + "/");
        assertThat(text("h1")).isEqualTo("Tổng quan tiến độ");
        assertThat(text("#campaign-name")).isEqualTo("Chỉnh lý, giao nộp tài liệu khi sắp xếp đơn vị hành chính 2025");
        // Cái Nước recorded 5 files, Tân Hưng 1; Đầm Dơi's 3 are held by its quarantine and do not count yet.
        assertThat(text("#total-files")).isEqualTo("6");
        // Extents: 133.10 sorted + 1,104.00 unsorted at Cái Nước, 20.00 + 5.00 at Tân Hưng.
        assertThat(text("#total-inventoried")).isEqualTo("1.262,10");
        // Box H1 (0.10 m) was sealed.
        assertThat(text("#total-sealed")).isEqualTo("0,10");
        List<WebElement> districts = browser.findElements(By.cssSelector("#by-district tbody tr"));
        assertThat(districts).extracting(WebElement::getText).anyMatch(t -> t.contains("huyện Cái Nước"));
        List<WebElement> units = browser.findElements(By.cssSelector("#by-unit tbody tr"));
        assertThat(units).extracting(WebElement::getText).anyMatch(t -> t.contains("xã Tân Hưng"));
        screenshot("overview");

        browser.get(base + "/charts");
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> ((JavascriptExecutor) d).executeScript(
                "return typeof Chart !== 'undefined' && Chart.getChart('decision-chart') !== undefined"
                        + " && Chart.getChart('history-chart') !== undefined"));
        Object decisions = ((JavascriptExecutor) browser).executeScript(
                "return Chart.getChart('decision-chart').data.labels.join('|')");
        assertThat(decisions.toString()).contains("Giao xã, phường mới").contains("Hủy").contains("Chưa xác định giá trị");
        screenshot("charts");
    }

    @Test
    @Order(3)
    void searchWithoutDiacriticsFindsTheFileAndItsPageShowsCustodyAndLineage() {
        signedInAs(TestOperators.USERNAME, TestOperators.PASSWORD);
        follow(By.id("nav-catalogue"));
        browser.findElement(By.id("q")).sendKeys("cai nuoc");
        follow(By.id("search"));
        List<WebElement> rows = browser.findElements(By.cssSelector("#results tbody tr"));
        assertThat(rows).extracting(WebElement::getText)
                .anyMatch(t -> t.contains("Hồ sơ giải quyết tranh chấp đất đai huyện Cái Nước"));
        assertThat(rows).extracting(WebElement::getText).noneMatch(t -> t.contains("Đầm Dơi"));
        screenshot("catalogue-search");

        browser.findElements(By.cssSelector("#results a.file-link")).stream()
                .filter(a -> a.getText().equals(FONDS + " / HS-1")).findFirst().orElseThrow().click();
        new WebDriverWait(browser, Duration.ofSeconds(15)).until(d -> !d.findElements(By.id("file-heading")).isEmpty());
        assertThat(text("#file-heading")).isEqualTo("Hồ sơ giải quyết tranh chấp đất đai huyện Cái Nước");
        assertThat(text("#file-box")).isEqualTo("H1");
        assertThat(text("#file-custody")).isEqualTo("Đã nhận");
        assertThat(text("#file-decision")).isEqualTo("Giao xã, phường mới");
        assertThat(text("#digital-objects")).contains("ab".repeat(32)).contains("application/pdf");
        assertThat(text("#custody-history")).contains("Giao đi").contains("Đã nhận").contains("BB-01/2025");
        assertThat(text("#file-unit")).contains("huyện Cái Nước");
        screenshot("file");

        // Only what the hub holds of a state-secret file: no title anywhere.
        browser.get(base + "/catalogue/file?fonds=" + FONDS + "&code=HS-MAT");
        assertThat(text("#file-heading")).isEqualTo("Hồ sơ mật HS-MAT");
        assertThat(text("#secret-note")).contains("Tuyệt mật").contains("không giữ tiêu đề");
        // A file, a unit or a date the hub cannot find or read: said in the page's language, nothing else breaks.
        browser.get(base + "/catalogue/file?fonds=" + FONDS + "&code=KHONG-CO");
        assertThat(text("#error-text")).startsWith("Không tìm thấy");
        browser.get(base + "/catalogue?unit=KHONG-CO&q=cai+nuoc");
        assertThat(text("p.error")).isEqualTo("Không có đơn vị hành chính này; hãy chọn trong danh sách.");
        browser.get(base + "/catalogue?from=31-12-2020");
        assertThat(text("#error-text")).contains("năm-tháng-ngày");
        browser.get(base + "/catalogue/file?fonds=" + FONDS + "&code=HS-MAT");

        // The language switch keeps the page and its query.
        follow(By.id("lang-en"));
        assertThat(text("#file-heading")).isEqualTo("State-secret file HS-MAT");
        follow(By.id("lang-vi"));
        assertThat(text("#file-heading")).isEqualTo("Hồ sơ mật HS-MAT");
    }

    @Test
    @Order(4)
    void theEnglishSwitchTranslatesAndIsRemembered() {
        signedInAs(TestOperators.USERNAME, TestOperators.PASSWORD);
        follow(By.id("lang-en"));
        assertThat(text("h1")).isEqualTo("Progress overview");
        assertThat(text("#nav-sites")).isEqualTo("Sites");
        follow(By.id("nav-handovers"));
        assertThat(text("h1")).isEqualTo("Handovers");
        follow(By.id("tab-RECEIVED"));
        assertThat(text("#handovers")).contains("BB-01/2025").contains("Received");
        screenshot("handovers-en");
        follow(By.id("lang-vi"));
        assertThat(text("h1")).isEqualTo("Giao nhận tài liệu");
    }

    @Test
    @Order(5)
    void operatorReleasesTheQuarantinedSiteAndTheReleaseIsAudited() {
        signedInAs(TestOperators.USERNAME, TestOperators.PASSWORD);
        follow(By.id("nav-sites"));
        WebElement damDoi = siteRow(DAM_DOI);
        assertThat(damDoi.getText()).contains("Bị cách ly").contains("Hai sự kiện khác nhau cùng số thứ tự");
        assertThat(siteRow(CAI_NUOC).getText()).contains("Trực tuyến");
        screenshot("sites-quarantined");

        // The office retired its restored copy; the operator releases the site.
        WebElement page = browser.findElement(By.tagName("html"));
        browser.findElement(By.id("release-" + DAM_DOI)).click();
        browser.switchTo().alert().accept();
        new WebDriverWait(browser, Duration.ofSeconds(15)).until(d -> gone(page));
        assertThat(text("#released")).contains(DAM_DOI).contains("ghi 3 sự kiện");
        assertThat(siteRow(DAM_DOI).getText()).contains("Trực tuyến").doesNotContain("Bị cách ly");
        assertThat(jdbc.sql("SELECT last_sequence FROM site_cursors WHERE site_code = :s").param("s", DAM_DOI)
                .query(Long.class).single()).isEqualTo(4L);
        screenshot("sites-released");

        follow(By.id("nav-audit"));
        assertThat(text("#audit")).contains("POST /sites/" + DAM_DOI + "/release").contains(TestOperators.USERNAME);
        screenshot("audit");
        follow(By.id("nav-alerts"));
        assertThat(text("#alerts")).contains("Hai sự kiện khác nhau cùng số thứ tự").contains("Đã gỡ cách ly");
        screenshot("alerts");
        follow(By.id("nav-destructions"));
        assertThat(text("#destructions")).contains("BB-HUY-01").contains("QĐ 99/QĐ-UBND");
        screenshot("destructions");
    }

    @Test
    @Order(6)
    void viewerReadsButIsRefusedTheReleaseAndTheAuditLog() {
        signedInAs(VIEWER, VIEWER_PASSWORD);
        follow(By.id("nav-sites"));
        assertThat(browser.findElements(By.cssSelector("button[id^=release-]"))).isEmpty();
        assertThat(browser.findElements(By.id("nav-audit"))).isEmpty();
        // A forged form with the viewer's own CSRF token: the hub refuses it and says so.
        ((JavascriptExecutor) browser).executeScript("""
                const token = document.querySelector('input[name=_csrf]').value;
                const form = document.createElement('form');
                form.method = 'post';
                form.action = '/sites/%s/release';
                form.innerHTML = '<input name="_csrf" value="' + token + '">';
                document.body.appendChild(form);
                form.submit();""".formatted(CAI_NUOC));
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> !d.findElements(By.id("denied")).isEmpty());
        assertThat(text("#denied")).isEqualTo("Không có quyền");
        screenshot("denied");
        browser.get(base + "/audit");
        assertThat(text("#denied")).isEqualTo("Không có quyền");
        assertThat(jdbc.sql("SELECT count(*) FROM audit_log WHERE username = :u AND outcome = '403'")
                .param("u", VIEWER).query(Long.class).single()).isGreaterThanOrEqualTo(2L);
    }

    @Test
    @Order(7)
    void operatorAddsAnArchivistWhoChangesTheirPasswordAndIsThenDisabled() {
        signedInAs(TestOperators.USERNAME, TestOperators.PASSWORD);
        follow(By.id("nav-users"));
        browser.findElement(By.id("new-username")).sendKeys("luu.tru.vien");
        browser.findElement(By.id("new-display-name")).sendKeys("Lê Thị Lưu");
        new Select(browser.findElement(By.id("new-role"))).selectByValue("ARCHIVIST");
        browser.findElement(By.id("new-password")).sendKeys("mat-khau-luu-tru-1");
        browser.findElement(By.id("new-repeat")).sendKeys("mat-khau-luu-tru-1");
        follow(By.id("create-user"));
        assertThat(text("#user-created")).contains("luu.tru.vien");
        assertThat(text("#users tr[data-user='luu.tru.vien']")).contains("Lê Thị Lưu").contains("Cán bộ lưu trữ");
        screenshot("users");

        signedInAs("luu.tru.vien", "mat-khau-luu-tru-1");
        follow(By.id("current-user"));
        browser.findElement(By.id("current-password")).sendKeys("not-my-password");
        browser.findElement(By.id("new-password")).sendKeys("mat-khau-moi-cua-toi");
        browser.findElement(By.id("new-repeat")).sendKeys("mat-khau-moi-cua-toi");
        follow(By.id("change-password"));
        assertThat(text("#account-problem")).isEqualTo("Mật khẩu hiện tại không đúng.");
        browser.findElement(By.id("current-password")).sendKeys("mat-khau-luu-tru-1");
        browser.findElement(By.id("new-password")).sendKeys("mat-khau-moi-cua-toi");
        browser.findElement(By.id("new-repeat")).sendKeys("mat-khau-moi-cua-toi");
        follow(By.id("change-password"));
        assertThat(text("#password-changed")).isEqualTo("Đã đổi mật khẩu.");
        signedInAs("luu.tru.vien", "mat-khau-moi-cua-toi");

        signedInAs(TestOperators.USERNAME, TestOperators.PASSWORD);
        follow(By.id("nav-users"));
        follow(By.id("toggle-luu.tru.vien"));
        assertThat(text("#user-disabled")).contains("luu.tru.vien");
        follow(By.id("toggle-" + TestOperators.USERNAME));
        assertThat(text("#user-problem")).isEqualTo("Bạn không thể tự khóa tài khoản của mình.");
        signInAs("luu.tru.vien", "mat-khau-moi-cua-toi");
        assertThat(browser.getCurrentUrl()).contains("/login?error");
        assertThat(jdbc.sql("SELECT count(*) FROM audit_log WHERE username = :u AND action = 'POST /users'")
                .param("u", TestOperators.USERNAME).query(Long.class).single()).isEqualTo(1L);
        assertThat(jdbc.sql("SELECT count(*) FROM audit_log WHERE username = 'luu.tru.vien'"
                + " AND action = 'POST /account/password'").query(Long.class).single()).isEqualTo(2L);
    }

    @Test
    @Order(8)
    void operatorCreatesACampaignSetsAMilestoneWithADistrictDateAndTheOverviewShowsIt() {
        signedInAs(TestOperators.USERNAME, TestOperators.PASSWORD);
        follow(By.id("nav-campaigns"));
        assertThat(text("h1")).isEqualTo("Đợt chỉnh lý, giao nộp tài liệu");
        assertThat(text("#campaigns tr[data-campaign='CM-2025']")).contains("01/06/2025").contains("15/08/2025");
        browser.findElement(By.id("new-code")).sendKeys("CM-UI-2025");
        browser.findElement(By.id("new-name")).sendKeys("Đợt thử trên giao diện");
        browser.findElement(By.id("new-starts-on")).sendKeys("20/05/2025");
        follow(By.id("create-campaign"));
        assertThat(browser.getCurrentUrl()).isEqualTo(base + "/campaigns/CM-UI-2025");
        assertThat(text("#done")).isEqualTo("Đã tạo đợt. Hãy đặt các mốc.");
        assertThat(text("#kind-TRANSFERRED")).contains("Nộp lưu vào Trung tâm Lưu trữ lịch sử tỉnh")
                .contains("so với hồ sơ đã xác định giá trị để nộp lưu");

        // The milestone, named by its kind until the operator says otherwise; then its default date moved.
        browser.findElement(By.id("due-TRANSFERRED")).sendKeys("16/06/2025");
        follow(By.id("save-TRANSFERRED"));
        assertThat(text("#done")).isEqualTo("Đã lưu mốc.");
        WebElement due = browser.findElement(By.id("due-TRANSFERRED"));
        due.clear();
        due.sendKeys("17/06/2025");
        follow(By.id("save-TRANSFERRED"));
        assertThat(browser.findElement(By.id("due-TRANSFERRED")).getDomProperty("value")).isEqualTo("17/06/2025");

        // Cái Nước's own date, as the field report has it; a wrong date is refused on the form and nothing is saved.
        new Select(browser.findElement(By.id("place-TRANSFERRED")))
                .selectByValue("DISTRICT:969");
        browser.findElement(By.id("date-due-TRANSFERRED")).sendKeys("20/06/2025");
        follow(By.id("add-TRANSFERRED"));
        assertThat(text("#dates-TRANSFERRED")).contains("huyện Cái Nước").contains("20/06/2025");
        new Select(browser.findElement(By.id("place-TRANSFERRED")))
                .selectByValue("DISTRICT:970");
        browser.findElement(By.id("date-due-TRANSFERRED")).sendKeys("31/06/2025");
        follow(By.id("add-TRANSFERRED"));
        assertThat(text("#problems")).isEqualTo("Hạn: “31/06/2025” không phải một ngày viết theo ngày/tháng/năm"
                + " (ví dụ 16/06/2025). Chưa lưu gì.");
        assertThat(browser.findElement(By.id("date-due-TRANSFERRED")).getDomProperty("value")).isEqualTo("31/06/2025");
        screenshot("campaign");
        assertThat(campaigns.campaign("CM-UI-2025").milestones()).singleElement().satisfies(m -> {
            assertThat(m.dueOn()).isEqualTo(LocalDate.parse("2025-06-17"));
            assertThat(m.dates()).containsExactly(new DueDate(DueDate.Scope.DISTRICT, "969",
                    LocalDate.parse("2025-06-20")));
        });

        // The overview measures against it, and its heading leads back to the campaign.
        follow(By.id("to-overview"));
        assertThat(text("#campaign-name")).isEqualTo("Đợt thử trên giao diện");
        assertThat(text("table.milestones")).contains("Nộp lưu vào Trung tâm Lưu trữ lịch sử tỉnh").contains("17/06/2025");
        screenshot("overview-new-campaign");
        follow(By.id("campaign-name"));
        assertThat(text("#campaign-heading")).isEqualTo("Đợt thử trên giao diện");
        // The campaign's report to Sở Nội vụ: from the campaign page to the report page, then both documents
        // downloaded with the operator's sign-in and read back.
        follow(By.id("to-report"));
        assertThat(text("h1")).isEqualTo("Báo cáo tiến độ gửi Sở Nội vụ");
        assertThat(text("#report-period")).contains("Đợt thử trên giao diện");
        screenshot("report");
        byte[] xlsx = download(browser.findElement(By.id("download-xlsx")).getDomAttribute("href"));
        try (org.apache.poi.ss.usermodel.Workbook book = org.apache.poi.ss.usermodel.WorkbookFactory.create(
                new java.io.ByteArrayInputStream(xlsx))) {
            StringBuilder cells = new StringBuilder();
            book.getSheetAt(0).forEach(row -> row.forEach(cell -> cells.append(cell.toString()).append(' ')));
            assertThat(cells.toString()).contains("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                    "BÁO CÁO", "Nơi nhận");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        byte[] pdf = download(browser.findElement(By.id("download-pdf")).getDomAttribute("href"));
        try (org.apache.pdfbox.pdmodel.PDDocument document = org.apache.pdfbox.Loader.loadPDF(pdf)) {
            assertThat(new org.apache.pdfbox.text.PDFTextStripper().getText(document))
                    .contains("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM").contains("Đợt thử trên giao diện");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }

        follow(By.id("nav-audit"));
        assertThat(text("#audit")).contains("POST /campaigns/CM-UI-2025/milestones/TRANSFERRED/dates")
                .contains("place=DISTRICT:969 dueOn=20/06/2025").contains("place=DISTRICT:970 dueOn=31/06/2025");
    }

    /** A console link fetched as the operator (HTTP basic, as the REST API takes the same users). */
    private byte[] download(String href) {
        try {
            java.net.http.HttpResponse<byte[]> r = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(URI.create(base).resolve(href))
                            .header("Authorization", TestOperators.basic(TestOperators.USERNAME, TestOperators.PASSWORD))
                            .build(), java.net.http.HttpResponse.BodyHandlers.ofByteArray());
            assertThat(r.statusCode()).as(href).isEqualTo(200);
            return r.body();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    // ---------------------------------------------------------------------------------------------------------------

    private void feed() {
        Path dir = Path.of(System.getProperty("java.io.tmpdir"), "console-agents-" + UUID.randomUUID());
        URI hub = URI.create(base);
        campaigns.createCampaign(new Campaign("CM-2025", "Chỉnh lý, giao nộp tài liệu khi sắp xếp đơn vị"
                + " hành chính 2025", LocalDate.parse("2025-06-01"), List.of(
                new Milestone(MilestoneKind.SEALED, "Đóng gói, niêm phong", LocalDate.parse("2025-08-15")),
                new Milestone(MilestoneKind.HANDED_OVER, "Giao xã, phường mới", LocalDate.parse("2025-09-30")))));
        users.create(VIEWER, "Người xem thử", VIEWER_PASSWORD.toCharArray(), Role.VIEWER, "test");

        // Huyện Cái Nước (former district, code 969) and xã Tân Hưng (new, 32137) as of the merger.
        RealAgent caiNuoc = agent(RealAgent.enroll(sites, hub, dir, CAI_NUOC, "969"));
        RealAgent tanHung = agent(RealAgent.enroll(sites, hub, dir, TAN_HUNG, "32137"));
        RealAgent damDoi = agent(RealAgent.enroll(sites, hub, dir, DAM_DOI, "32152"));
        caiNuoc.recorder().recordAll(List.of(
                new RegisterFonds(FONDS, "Phông UBND huyện Cái Nước", "UBND huyện Cái Nước", "969",
                        LocalDate.parse("1976-01-01"), LocalDate.parse("2025-06-30"), true),
                new RegisterStorageLocation("KHO-1", "Kho lưu trữ huyện", null, "Khóm 2, thị trấn Cái Nước",
                        new BigDecimal("44.00"), 20, new BigDecimal("120.00")),
                new ReportExtents(FONDS, new BigDecimal("133.10"), new BigDecimal("1104.00"), new BigDecimal("133.10"),
                        DAY),
                new PackBox("H1", FONDS, "KHO-1", new BigDecimal("0.10")),
                new PackBox("H2", FONDS, "KHO-1", new BigDecimal("0.12")),
                file(FONDS, "HS-1", "H1", "Hồ sơ giải quyết tranh chấp đất đai huyện Cái Nước"),
                file(FONDS, "HS-2", "H1", "Tập báo cáo tổng kết năm 2019"),
                new RecordFile(FONDS, "HS-3", "H2", "Sổ công văn đi năm 2010", LocalDate.parse("2010-01-04"),
                        LocalDate.parse("2010-12-30"), 120, null, RetentionKind.FIXED_TERM, 10, AccessRegime.OPEN, null,
                        "vi", List.of(), null, null),
                file(FONDS, "HS-4", "H2", "Hồ sơ hội nghị tiếp xúc cử tri"),
                RecordFile.secretStub(FONDS, "HS-MAT", "H2", 12, RetentionKind.PERMANENT, null, SecretLevel.TOP_SECRET)));
        caiNuoc.recorder().sealBox(new SealBox("H1", FONDS, "NP-0001"));
        caiNuoc.recorder().appraiseFile(new AppraiseFile(FONDS, "HS-1", AppraisalDecision.KEEP_AT_SUCCESSOR,
                "TT 10/2022/TT-BNV", "QĐ 15/HĐXĐGTTL", DAY.plusDays(9)));
        caiNuoc.recorder().appraiseFile(new AppraiseFile(FONDS, "HS-3", AppraisalDecision.DESTROY,
                "hết thời hạn bảo quản", "QĐ 16/HĐXĐGTTL", DAY.plusDays(9)));
        caiNuoc.recorder().digitizeFile(new DigitizeFile(FONDS, "HS-1", List.of(new DigitizeFile.ScanObject(
                FONDS + "/HS-1/0001.pdf", "ab".repeat(32), 123_456L, "application/pdf", 42, 300))));
        UUID handover = UUID.randomUUID();
        caiNuoc.recorder().sendHandover(new SendHandover(handover, ReceiverKind.SUCCESSOR_UNIT, "32137", TAN_HUNG,
                "BB-01/2025", List.of(new BoxKey(FONDS, "H1")), List.of(), new BigDecimal("0.10"), DAY.plusDays(19)));
        caiNuoc.recorder().recordDestruction(new RecordDestruction(UUID.randomUUID(), "QĐ 99/QĐ-UBND",
                "Nguyễn Văn An", "Trần Thị Bình", "BB-HUY-01", List.of(new FileKey(FONDS, "HS-3")),
                new BigDecimal("0.05"), DAY.plusDays(31)));
        tanHung.recorder().recordAll(List.of(
                new RegisterFonds("UI.TH", "Phông UBND xã Tân Hưng", "UBND xã Tân Hưng", "32137", null, null, null),
                new ReportExtents("UI.TH", new BigDecimal("20.00"), new BigDecimal("5.00"), BigDecimal.ZERO, DAY),
                file("UI.TH", "TH-1", null, "Hồ sơ xây dựng nông thôn mới xã Tân Hưng")));
        tanHung.recorder().confirmHandoverReceived(new ConfirmHandoverReceived(handover, CAI_NUOC, "BB-01/2025",
                List.of(new BoxKey(FONDS, "H1")), List.of(), new BigDecimal("0.10"), DAY.plusDays(20), null));
        damDoi.recorder().recordAll(List.of(
                new RegisterFonds("UI.DD", "Phông UBND xã Đầm Dơi", "UBND xã Đầm Dơi", "32152", null, null, null)));

        String registry = base + "/registry";
        agents.forEach(a -> a.startPublishing(broker.getBrokersAsString(), registry));
        await().atMost(60, TimeUnit.SECONDS).until(() -> cursor(CAI_NUOC) == caiNuoc.lastSequence()
                && cursor(TAN_HUNG) == tanHung.lastSequence() && cursor(DAM_DOI) == 1);
        // An old copy of Đầm Dơi's agent, restored from a backup, signs another first event with the office's own
        // key: the only kind of evidence that quarantines an office. Its next three events then wait for the release.
        publishSignedFork(damDoi.identity());
        await().atMost(60, TimeUnit.SECONDS).until(() -> quarantined(DAM_DOI));
        damDoi.recorder().recordAll(List.of(
                file("UI.DD", "DD-1", null, "Hồ sơ đê biển Đầm Dơi"),
                file("UI.DD", "DD-2", null, "Sổ hộ tịch Đầm Dơi"),
                file("UI.DD", "DD-3", null, "Sổ theo dõi đê bao Đầm Dơi")));
        await().atMost(60, TimeUnit.SECONDS).until(() -> parked(DAM_DOI) == 3);
    }

    /** Sequence 1 of the site again, with another fonds name, signed with the site's own key. */
    private void publishSignedFork(SiteIdentity identity) {
        int schemaId = registryClient.register("archive.site-events-value", SiteEvent.getClassSchema());
        byte[] body = AvroCodec.encode(SiteEvent.newBuilder().setEventId(UUID.randomUUID()).setSiteCode(DAM_DOI)
                .setSequence(1).setPreviousHash(new Sha256(ChainHash.genesis())).setOccurredAt(Instant.now())
                .setRecordedBy("cb.luutru").setAgentVersion("restored-copy")
                .setPayload(FondsRegistered.newBuilder().setFondsCode("UI.DD").setName("Phông UBND xã Đầm Dơi (bản cũ)")
                        .setCreatingBody("UBND xã Đầm Dơi").setCreatingUnitCode("32152").build())
                .build());
        byte[] hash = ChainHash.next(ChainHash.genesis(), SchemaFingerprint.of(SiteEvent.getClassSchema()), body);
        ProducerRecord<String, byte[]> fork = new ProducerRecord<>("archive.site-events." + DAM_DOI, DAM_DOI,
                WireFormat.frame(schemaId, body));
        fork.headers().add(SiteEventHeaders.SIGNATURE, SiteKeys.sign(identity.privateKey(), hash))
                .add(SiteEventHeaders.KEY_ID, identity.keyId().getBytes(StandardCharsets.UTF_8));
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString()), new StringSerializer(),
                new ByteArraySerializer())) {
            producer.send(fork);
            producer.flush();
        }
    }

    private long parked(String site) {
        return jdbc.sql("SELECT count(*) FROM parked_events WHERE site_code = :s").param("s", site)
                .query(Long.class).single();
    }

    private RealAgent agent(RealAgent agent) {
        agents.add(agent);
        return agent;
    }

    private static RecordFile file(String fonds, String code, String box, String title) {
        return new RecordFile(fonds, code, box, title, LocalDate.parse("2010-01-04"), LocalDate.parse("2019-12-30"), 42,
                84, RetentionKind.PERMANENT, null, AccessRegime.OPEN, null, "vi", List.of("đất đai"), "tốt", null);
    }

    private long cursor(String site) {
        return jdbc.sql("SELECT coalesce(max(last_sequence), 0) FROM site_cursors WHERE site_code = :s")
                .param("s", site).query(Long.class).single();
    }

    private boolean quarantined(String site) {
        return jdbc.sql("SELECT count(*) FROM site_cursors WHERE site_code = :s AND quarantined").param("s", site)
                .query(Long.class).single() > 0;
    }

    private void signInAs(String username, String password) {
        browser.manage().deleteAllCookies();
        browser.get(base + "/login");
        browser.findElement(By.id("username")).sendKeys(username);
        browser.findElement(By.id("password")).sendKeys(password);
        follow(By.id("login-submit"));
        // The form posts, then the hub redirects: wait for the page that follows.
        new WebDriverWait(browser, Duration.ofSeconds(15)).until(d -> !d.findElements(By.id("current-user")).isEmpty()
                || !d.findElements(By.id("login-error")).isEmpty());
    }

    private void signedInAs(String username, String password) {
        signInAs(username, password);
        assertThat(browser.findElements(By.id("current-user"))).as(browser.getCurrentUrl() + "\n"
                + browser.getPageSource()).extracting(WebElement::getText).containsExactly(username);
    }

    /** Clicks a link or button that loads a page, and waits until the page it leaves is gone. */
    private void follow(By by) {
        WebElement page = browser.findElement(By.tagName("html"));
        browser.findElement(by).click();
        new WebDriverWait(browser, Duration.ofSeconds(15)).until(d -> gone(page));
    }

    /**
     * True once the element's page has been replaced. While the new page loads, chromedriver may answer "stale"
     * or, for a node of the document being torn down, "does not belong to the document": both mean it is gone.
     */
    private static boolean gone(WebElement element) {
        try {
            element.isEnabled();
            return false;
        } catch (StaleElementReferenceException e) {
            return true;
        } catch (WebDriverException e) {
            if (e.getMessage() != null && e.getMessage().contains("does not belong to the document")) {
                return true;
            }
            throw e;
        }
    }

    private String text(String css) {
        return browser.findElement(By.cssSelector(css)).getText().strip();
    }

    private WebElement siteRow(String siteCode) {
        return browser.findElement(By.cssSelector("#sites tr[data-site='" + siteCode + "']"));
    }

    private void screenshot(String name) {
        File shot = browser.getScreenshotAs(OutputType.FILE);
        try {
            Files.copy(shot.toPath(), SCREENSHOTS.resolve(String.format("%02d-%s.png", ++shots, name)),
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
