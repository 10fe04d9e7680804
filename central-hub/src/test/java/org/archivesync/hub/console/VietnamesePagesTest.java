package org.archivesync.hub.console;

import static org.archivesync.hub.fixtures.Agent.appraised;
import static org.archivesync.hub.fixtures.Agent.box;
import static org.archivesync.hub.fixtures.Agent.destruction;
import static org.archivesync.hub.fixtures.Agent.digitized;
import static org.archivesync.hub.fixtures.Agent.extent;
import static org.archivesync.hub.fixtures.Agent.file;
import static org.archivesync.hub.fixtures.Agent.fonds;
import static org.archivesync.hub.fixtures.Agent.handover;
import static org.archivesync.hub.fixtures.Agent.keywords;
import static org.archivesync.hub.fixtures.Agent.received;
import static org.archivesync.hub.fixtures.Agent.ref;
import static org.archivesync.hub.fixtures.Agent.store;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.archivesync.avro.AppraisalDecision;
import org.archivesync.avro.FileRecorded;
import org.archivesync.avro.ReceiverKind;
import org.archivesync.hub.alerts.AlertKind;
import org.archivesync.hub.alerts.Alerts;
import org.archivesync.hub.fixtures.Agent;
import org.archivesync.hub.fixtures.DomainTest;
import org.archivesync.hub.security.Role;
import org.archivesync.hub.security.Users;
import org.archivesync.hub.testing.TestOperators;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * An archivist reading the console in Vietnamese finds no English: every console page (each GET page the console's
 * controllers map, found from the running hub so a new page cannot be forgotten) rendered for a signed-in user over
 * real HTTP, against real PostgreSQL holding real signed events (boxes, files, appraisals, a scan, a received and an
 * in-transit handover, a destruction, a campaign, an alert), with the browser asking for English first. The visible
 * text (text between tags, options, placeholders, titles and confirmations; not scripts, not styles) is checked
 * against English words: a fixed list, every word the English bundle uses that the Vietnamese one does not, and raw
 * enum names ({@code KEEP_AT_SUCCESSOR}). Codes (site, fonds, file and box codes, minutes numbers, ids, usernames:
 * anything with a digit, dot, slash, hyphen or at-sign) are data and skipped. Parts a page marks {@code lang="en"} are
 * skipped too: the hub's technical diagnostics (alert details, quarantine details, refusal reasons of destructions,
 * the audit log's actions), which the page labels as English.
 */
class VietnamesePagesTest extends DomainTest {

    /** English words that must never be shown on a Vietnamese page, whatever the bundles say. */
    private static final Set<String> ENGLISH = Set.of("the", "and", "of", "by", "at", "on", "with", "from", "not",
            "records", "record", "file", "files", "box", "boxes", "handover", "handovers", "pending", "sealed", "packed",
            "null", "destroyed", "destroy", "received", "sent", "transit", "appraised", "appraisal", "objects", "pages",
            "decision", "seal", "unit", "events", "quarantine", "released", "silent", "overdue", "campaign",
            "milestone", "successor", "historical", "archive", "none", "true", "false");
    /** Vietnamese syllables that are English words too, as they appear in place names (xã Long Điền, Hòn Đá Bạc). */
    private static final Set<String> VIETNAMESE_TOO = Set.of("long", "can", "con", "hang", "may", "hon", "tin", "sang",
            "ban", "bang", "tan", "lang", "son", "dam", "phong", "thanh", "hung", "binh", "tam", "khanh");
    private static final Pattern ENUM_NAME = Pattern.compile("[A-Z]{2,}(?:_[A-Z]+)+");
    /** Pages not rendered here, and why. */
    private static final Map<String, String> NOT_RENDERED = Map.of(
            "/login/code", "shown only between the password and the second-step code; its words are bundle keys"
                    + " checked by ConsoleMessagesTest and by ConsoleBrowserTest's sign-in with a code");

    @Autowired
    Alerts alerts;
    @Autowired
    Users users;
    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    private Agent sender;
    private Agent receiver;
    private String f;
    private UUID inTransit;
    private UUID done;
    private UUID destroyed;
    private String campaign;

    @BeforeEach
    void officesWithTheirRecords() {
        sender = site("LOIAN", "32122", "COMMUNE");  // xã Lợi An, split between three new communes
        receiver = site("LUONGTHETRAN.MOI", "32134", "COMMUNE");
        Agent archive = site("TTLTLS", "96", "HISTORICAL_ARCHIVE");
        f = "LA-" + unique();
        FileRecorded undated = file(f, "HS-4", null, "Hồ sơ rời không ghi thời gian", 5);
        undated.setStartDate(null);
        undated.setEndDate(null);
        record(sender, store("KHO-1", "Kho UBND xã Lợi An", "Ấp Lợi An"),
                fonds(f, "Phông UBND xã Lợi An", "UBND xã Lợi An", "32122", "1990-01-01", "2025-06-30"),
                extent(f, "12.50", "3.00"),
                box("B1", f, "KHO-1", "0.10", true), box("B2", f, "KHO-1", "0.10", false),
                box("B3", f, "KHO-1", "0.10", true),
                keywords(file(f, "HS-1", "B1", "Hồ sơ địa chính xã Lợi An", 30), "địa chính", "đất đai"),
                file(f, "HS-2", "B2", "Sổ hộ tịch năm 2019", 50), file(f, "HS-3", "B3", "Hồ sơ hết thời hạn", 20),
                undated,
                appraised(f, "HS-1", AppraisalDecision.KEEP_AT_SUCCESSOR, "2025-07-12"),
                appraised(f, "HS-2", AppraisalDecision.TRANSFER_TO_HISTORICAL, "2025-07-12"),
                appraised(f, "HS-3", AppraisalDecision.DESTROY, "2025-07-12"), digitized(f, "HS-1", 30));
        done = UUID.randomUUID();
        inTransit = UUID.randomUUID();
        destroyed = UUID.randomUUID();
        record(sender, handover(done, ReceiverKind.SUCCESSOR_UNIT, "32134", receiver.siteCode, "BB-GN-01", "0.10",
                "2025-07-20", List.of(f + "/B1")));
        record(receiver, received(done, sender.siteCode, "BB-GN-01", "0.10", "2025-07-22", "Thiếu một tờ",
                List.of(f + "/B1")));
        record(sender, handover(inTransit, ReceiverKind.HISTORICAL_ARCHIVE, "96", archive.siteCode, "BB-GN-02", "0.10",
                "2025-07-25", List.of(f + "/B2")));
        record(sender, destruction(destroyed, "QĐ 20/QĐ-UBND", "BB-HUY-01", "Nguyễn Văn Giao", "Trần Thị Hủy", "0.10",
                "2025-08-01", ref(f, "HS-3")));
        // A destruction of a file kept permanently: refused, with its reason.
        record(sender, destruction(UUID.randomUUID(), "QĐ 21/QĐ-UBND", "BB-HUY-02", "Nguyễn Văn Giao",
                "Trần Thị Hủy", "0.10", "2025-08-02", ref(f, "HS-2")));
        alerts.raise(AlertKind.GAP, sender.siteCode, 99L, "waiting for sequence 99", Instant.parse("2025-08-15T01:00:00Z"));
        campaign = "DOT-" + unique();
        http.post().uri("/api/campaigns").contentType(MediaType.APPLICATION_JSON).body("""
                {"campaignCode":"%s","name":"Đợt sáp nhập 2025","startsOn":"2025-05-20","milestones":[
                 {"kind":"SEALED","name":"Chỉnh lý, đóng gói, niêm phong","dueOn":"2025-06-05"},
                 {"kind":"TRANSFERRED","name":"Nộp Trung tâm Lưu trữ lịch sử tỉnh","dueOn":"2025-06-16"},
                 {"kind":"HANDED_OVER","name":"Giao xã, phường mới","dueOn":"2025-06-30"}]}""".formatted(campaign))
                .exchange().expectStatus().isCreated();
        if (!users.exists("xem.trang")) {
            users.create("xem.trang", "Người xem trang", "mat-khau-xem-trang".toCharArray(), Role.VIEWER, "test");
        }
    }

    @Test
    void noPageOfTheVietnameseConsoleShowsAnEnglishWord() throws IOException {
        Map<String, String> pages = new LinkedHashMap<>();
        Map<String, List<String>> byPattern = new LinkedHashMap<>();
        byPattern.put("/", List.of("/", "/?campaign=" + campaign));
        byPattern.put("/sites", List.of("/sites"));
        byPattern.put("/catalogue", List.of("/catalogue", "/catalogue?fonds=" + f, "/catalogue?q=ho+so+loi+an",
                "/catalogue?fonds=" + f + "&custodyState=IN_TRANSIT&appraisal=TRANSFER_TO_HISTORICAL"));
        byPattern.put("/catalogue/file", List.of("HS-1", "HS-2", "HS-3", "HS-4").stream()
                .map(c -> "/catalogue/file?fonds=" + f + "&code=" + c).toList());
        byPattern.put("/progress/sites/{siteCode}", List.of("/progress/sites/" + sender.siteCode));
        byPattern.put("/charts", List.of("/charts"));
        byPattern.put("/handovers", List.of("/handovers", "/handovers?tab=OVERDUE", "/handovers?tab=RECEIVED",
                "/handovers?tab=RECEIVED_WITH_DISCREPANCIES"));
        byPattern.put("/handovers/{id}", List.of("/handovers/" + done, "/handovers/" + inTransit));
        byPattern.put("/destructions", List.of("/destructions", "/destructions?refused=true"));
        byPattern.put("/destructions/{id}", List.of("/destructions/" + destroyed));
        byPattern.put("/alerts", List.of("/alerts", "/alerts?kind=GAP"));
        byPattern.put("/audit", List.of("/audit"));
        byPattern.put("/users", List.of("/users"));
        byPattern.put("/account", List.of("/account"));
        byPattern.put("/login", List.of());  // anonymous, below

        assertThat(consolePages()).as("console pages this test renders (add a new page's URLs above)")
                .allSatisfy(pattern -> assertThat(byPattern.containsKey(pattern) || NOT_RENDERED.containsKey(pattern))
                        .as(pattern).isTrue());

        for (List<String> urls : byPattern.values()) {
            for (String url : urls) {
                pages.put(url, page(http, url, 200));
            }
        }
        RestTestClient anonymous = RestTestClient.bindToServer().baseUrl("http://localhost:" + port).build();
        pages.put("/login", page(anonymous, "/login", 200));
        pages.put("error page", page(http, "/catalogue/file?fonds=" + f + "&code=HS-404", 404));
        RestTestClient viewer = RestTestClient.bindToServer().baseUrl("http://localhost:" + port)
                .defaultHeader("Authorization", TestOperators.basic("xem.trang", "mat-khau-xem-trang")).build();
        pages.put("denied page", page(viewer, "/audit", 403));

        Set<String> english = englishWords();
        List<String> found = new ArrayList<>();
        pages.forEach((url, html) -> {
            for (String word : visibleWords(html)) {
                if (ENUM_NAME.matcher(word).matches() || english.contains(word.toLowerCase())) {
                    found.add(url + ": " + word);
                }
            }
        });
        assertThat(found).as("English words on Vietnamese pages").isEmpty();
    }

    @Test
    void fileHistoryLineageDatesAndLanguageSpeakTheArchivistsWords() {
        String page = page(http, "/catalogue/file?fonds=" + f + "&code=HS-1", 200);
        assertThat(page).contains("Quá trình xử lý hồ sơ", "Xác định giá trị", "Thời hạn lưu trữ",
                        "Biên bản của Hội đồng xác định giá trị tài liệu")
                .contains("Trong hộp số B1").contains("Giao xã, phường mới")
                .contains("Giao cho Xã, phường mới, mã đơn vị 32134")
                .contains("Bên nhận " + receiver.siteCode + " ghi nhận; giao nhận: Đã nhận, có chênh lệch")
                .contains("1 tệp, 30 trang")
                .containsPattern("id=\"file-language\">Tiếng Việt<")
                .containsPattern("Một phần sáp nhập vào xã [^<]+ từ ngày 01/07/2025 \\(theo 1655/NQ-UBTVQH15\\)")
                .doesNotContain("thẩm định", "Thẩm định", "Thời hạn bảo quản", "null", "2025-07-");
        assertThat(page(http, "/catalogue/file?fonds=" + f + "&code=HS-4", 200))
                .contains("id=\"file-dates\">—<").doesNotContain("null");
        assertThat(page(http, "/catalogue/file?fonds=" + f + "&code=HS-2", 200))
                .contains("Giao cho Lưu trữ lịch sử tỉnh, mã đơn vị 96");
        assertThat(page(http, "/handovers", 200)).contains("Đã giao, chờ bên nhận xác nhận");
        assertThat(page(http, "/handovers/" + done, 200)).contains("20/07/2025", "22/07/2025 · 0,10")
                .doesNotContain("2025-07-2");
        assertThat(page(http, "/destructions/" + destroyed, 200))
                .contains("Biên bản về việc hủy tài liệu hết thời hạn lưu trữ số BB-HUY-01")
                .contains("Đại diện bên giao tài liệu để hủy", "Nguyễn Văn Giao")
                .contains("Đại diện bên hủy tài liệu", "Trần Thị Hủy", "01/08/2025").doesNotContain("2025-08-01");
        assertThat(page(http, "/sites", 200)).contains("Sự kiện chưa gửi", "Sự kiện chờ xử lý");
        assertThat(page(http, "/users", 200)).contains("Quản trị viên", "Cán bộ lưu trữ");
        assertThat(page(http, "/catalogue", 200)).contains("Tra cứu hồ sơ");
    }

    /** The GET pages the console's controllers map (not the REST API, not Spring's own). */
    private Set<String> consolePages() {
        Set<String> patterns = new TreeSet<>();
        mappings.getHandlerMethods().forEach((info, method) -> {
            Class<?> type = method.getBeanType();
            boolean page = type.getPackageName().startsWith("org.archivesync.hub")
                    && !AnnotatedElementUtils.hasAnnotation(type, RestController.class)
                    && !method.getMethod().isAnnotationPresent(org.springframework.web.bind.annotation.ResponseBody.class)
                    && info.getMethodsCondition().getMethods().contains(RequestMethod.GET);
            if (page) {
                info.getPatternValues().stream().filter(p -> !p.startsWith("/api/") && !p.startsWith("/registry"))
                        .forEach(patterns::add);
            }
        });
        return patterns;
    }

    private static String page(RestTestClient client, String url, int status) {
        String body = client.get().uri(url).accept(MediaType.TEXT_HTML).header("Accept-Language", "en-US,en;q=0.9")
                .exchange().expectStatus().isEqualTo(status).expectBody(String.class).returnResult().getResponseBody();
        assertThat(body).as(url).contains("<html lang=\"vi\"");
        return body;
    }

    /** The words a reader sees: text between tags, options, placeholders, titles and confirmations; codes skipped. */
    static List<String> visibleWords(String html) {
        String s = html.replaceAll("(?is)<script\\b.*?</script>", " ").replaceAll("(?is)<style\\b.*?</style>", " ");
        // Parts marked English: the hub's technical diagnostics, labelled as such by the page.
        s = s.replaceAll("(?is)<(\\w+)\\b[^>]*\\blang=\"en\"[^>]*>.*?</\\1>", " ");
        StringBuilder text = new StringBuilder();
        Matcher attributes = Pattern.compile("(?i)\\b(?:placeholder|title|data-confirm)=\"([^\"]*)\"").matcher(s);
        while (attributes.find()) {
            text.append(' ').append(attributes.group(1));
        }
        text.append(' ').append(s.replaceAll("(?s)<[^>]*>", " "));
        String visible = text.toString().replace("&quot;", "\"").replace("&#39;", "'").replace("&lt;", "<")
                .replace("&gt;", ">").replace("&amp;", "&").replace("&nbsp;", " ");
        List<String> words = new ArrayList<>();
        for (String token : visible.split("\\s+")) {
            String t = token.replaceAll("^[\\p{Punct}«»“”‘’·–—…]+|[\\p{Punct}«»“”‘’·–—…]+$", "");
            if (t.isEmpty() || t.matches(".*[0-9./@\\-].*")) {
                continue;  // a code, a number, a date, an id: data
            }
            for (String word : t.split("[^\\p{L}_]+")) {
                if (!word.isEmpty()) {
                    words.add(word);
                }
            }
        }
        return words;
    }

    /** The fixed list, and each word of the English bundle the Vietnamese one never uses (3 letters or more). */
    private static Set<String> englishWords() throws IOException {
        Set<String> en = words(bundle("messages_en.properties"));
        en.removeAll(words(bundle("messages.properties")));
        en.removeIf(w -> w.length() < 3 || VIETNAMESE_TOO.contains(w));
        en.addAll(ENGLISH);
        return en;
    }

    private static Set<String> words(Properties bundle) {
        Set<String> words = new TreeSet<>();
        for (String key : bundle.stringPropertyNames()) {
            for (String w : bundle.getProperty(key).replaceAll("\\{[^}]*}", " ").split("[^\\p{L}]+")) {
                if (!w.isEmpty()) {
                    words.add(w.toLowerCase());
                }
            }
        }
        return words;
    }

    private static Properties bundle(String name) throws IOException {
        Properties p = new Properties();
        try (Reader in = new InputStreamReader(VietnamesePagesTest.class.getResourceAsStream("/" + name),
                StandardCharsets.UTF_8)) {
            p.load(in);
        }
        return p;
    }
}
