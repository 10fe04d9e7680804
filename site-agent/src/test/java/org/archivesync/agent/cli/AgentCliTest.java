package org.archivesync.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.archivesync.agent.bundle.Bundles;
import org.archivesync.agent.outbox.Outbox;
import org.archivesync.agent.outbox.OutboxEntry;
import org.archivesync.agent.store.AgentStore;
import org.archivesync.agent.testing.OutboxChecks;
import org.archivesync.agent.testing.RawBytes;
import org.archivesync.agent.testing.TestHub;
import org.archivesync.agent.testing.TestPaths;
import org.archivesync.schemas.integrity.ChainPosition;
import org.archivesync.schemas.integrity.ChainVerifier;
import org.archivesync.schemas.integrity.SiteKey;
import org.archivesync.schemas.integrity.SiteKeys;
import org.archivesync.avro.SiteKeyRotated;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AgentCliTest {

    record Run(int exit, String out, String err) {
    }

    TestHub hub;
    Path db;

    @BeforeEach
    void start() {
        hub = TestHub.start().site("CM.CAINUOC.UBND", "tok");
        db = TestPaths.database("cli");
    }

    @AfterEach
    void stop() {
        hub.close();
    }

    Run cli(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<String> all = new ArrayList<>(List.of("--db", db.toString()));
        all.addAll(List.of(args));
        int exit = AgentCli.main(all.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    Run ok(String... args) {
        Run r = cli(args);
        assertThat(r.exit()).as("exit of %s; err=%s", List.of(args), r.err()).isZero();
        return r;
    }

    void enroll() {
        Run r = ok("enroll", "--hub", hub.url().toString(), "--site", "CM.CAINUOC.UBND", "--token", "tok");
        assertThat(r.out()).contains("Đã đăng ký máy trạm cho đơn vị CM.CAINUOC.UBND", "site-key.pk8");
    }

    @Test
    void enrollRecordEveryCommandStatusAndExportABundle() throws Exception {
        enroll();
        ok("record", "--clerk", "nguyen.van.a", "fonds", "--code", "PHONG.CN", "--name", "Phông UBND huyện Cái Nước",
                "--creating-body", "UBND huyện Cái Nước", "--start", "1976-01-01");
        ok("record", "location", "--code", "KHO-1", "--name", "Kho UBND", "--area", "44", "--shelves", "20");
        ok("record", "extents", "--fonds", "PHONG.CN", "--sorted", "1104", "--unsorted", "2200", "--ready-to-digitize",
                "133.1", "--as-of", "2025-06-01");
        ok("record", "pack-box", "--box", "H-1", "--fonds", "PHONG.CN", "--location", "KHO-1", "--metres", "0.1");
        Run sealed = ok("record", "seal-box", "--box", "PHONG.CN/H-1", "--seal", "NP-1");
        assertThat(sealed.out()).contains("Đã ghi nhận: sự kiện số 5");
        ok("record", "file", "--fonds", "PHONG.CN", "--file", "HS-1", "--box", "H-1", "--title", "Hồ sơ cầu",
                "--retention", "FIXED_TERM", "--years", "10", "--access", "open", "--keyword", "cầu", "--keyword", "đường");
        ok("record", "file", "--fonds", "PHONG.CN", "--file", "HS-2", "--retention", "PERMANENT", "--access", "OPEN");
        ok("record", "withdraw-file", "--fonds", "PHONG.CN", "--file", "HS-2", "--reason", "Ghi nhầm");
        ok("record", "digitize", "--fonds", "PHONG.CN", "--file", "HS-1", "--object",
                "scans/HS-1.pdf," + "cd".repeat(32) + ",2048,application/pdf,12,300");
        ok("record", "appraise", "--fonds", "PHONG.CN", "--file", "HS-1", "--decision", "DESTROY", "--on", "2025-06-02");
        Run destroyed = ok("record", "destruction", "--decision", "QĐ 7", "--approver", "Nguyễn Văn A", "--approver",
                "Trần Thị B", "--minutes", "BB-H1", "--file", "PHONG.CN/HS-1", "--metres", "0.01", "--on", "2025-06-03");
        assertThat(destroyed.out()).contains("Mã: ");
        ok("record", "handover-received", "--id", "5f0c7d4e-1b2a-4c3d-8e9f-0a1b2c3d4e5f", "--sender-site", "CM.TVT.UBND",
                "--minutes", "BB-9", "--box", "PHONG.TVT/TVT-1", "--metres", "0.1", "--on", "2025-06-04");
        Run handover = ok("record", "handover", "--receiver-kind", "HISTORICAL_ARCHIVE", "--minutes", "BB-10", "--box",
                "PHONG.CN/H-1", "--metres", "0.1", "--on", "2025-06-05");
        assertThat(handover.out()).contains("sự kiện số 13", "Mã: ");

        Run status = ok("status");
        assertThat(status.out()).contains("Đơn vị: CM.CAINUOC.UBND", "Sự kiện ghi nhận gần nhất: số 13",
                "Sự kiện đã gửi gần nhất: số 0", "Tồn đọng: 13 sự kiện", "Con trỏ của trung tâm: chưa nhận được",
                "Kafka: chưa thử kết nối", "Sổ đăng ký lược đồ: chưa cần hỏi", "Trung tâm: chưa nghe thấy");
        Run english = ok("--lang", "en", "status");
        assertThat(english.out()).contains("Site: CM.CAINUOC.UBND", "Backlog: 13 events");

        Path bundle = db.resolveSibling("usb/bundle.asb");
        Run exported = ok("export-bundle", "--from", "1", "--to", bundle.toString());
        assertThat(exported.out()).contains("Đã xuất 13 sự kiện (số 1 đến 13)");
        var read = Bundles.read(bundle, hub.enrolledKeys().get(0));
        assertThat(read.manifest().count()).isEqualTo(13);

        AgentStore store = AgentStore.open(db);
        Outbox outbox = new Outbox(store);
        assertThat(OutboxChecks.decode(OutboxChecks.all(outbox).get(0)).getRecordedBy()).isEqualTo("nguyen.van.a");
        SiteKey key = SiteKey.of("CM.CAINUOC.UBND", hub.enrolledKeys().get(0));
        assertThat(new ChainVerifier(id -> key).verify("CM.CAINUOC.UBND", ChainPosition.start(), s -> null,
                OutboxChecks.all(outbox).stream().map(OutboxChecks::chainEvent).toList()).verifiedThrough()).isEqualTo(13);
        store.close();
    }

    @Test
    void aRotatedKeySignsOnlyAfterTheHubHasTheAnnouncementAndTheOldKeyFileIsDeleted() throws Exception {
        enroll();
        ok("record", "fonds", "--code", "CM-CN-UBND", "--name", "Phông UBND huyện", "--creating-body", "UBND huyện");
        Path oldKeyFile = db.resolveSibling("site-key.pk8");

        Run rotated = ok("rotate-key");
        String newKeyId = rotated.out().replaceAll("(?s).*khóa mới ([0-9a-f]{16}).*", "$1");
        assertThat(rotated.out()).contains("sự kiện số 2");
        assertThat(ok("status").out()).contains("khóa mới " + newKeyId + " chờ trung tâm");
        assertThat(cli("rotate-key").exit()).as("one rotation at a time").isEqualTo(AgentCli.REFUSED);

        // Until the hub's cursor shows the announcement, the old key signs.
        ok("record", "fonds", "--code", "CM-CN-VP", "--name", "Phông Văn phòng", "--creating-body", "Văn phòng");
        AgentStore store = AgentStore.open(db);
        Outbox outbox = new Outbox(store);
        outbox.saveHubCursor(2, outbox.hashAt(2), false, 1L);
        ok("record", "fonds", "--code", "CM-CN-TP", "--name", "Phông Tư pháp", "--creating-body", "Tư pháp");
        ok("record", "fonds", "--code", "CM-CN-TC", "--name", "Phông Tài chính", "--creating-body", "Tài chính");

        List<OutboxEntry> all = OutboxChecks.all(outbox);
        String oldKeyId = all.get(0).keyId();
        assertThat(all).extracting(OutboxEntry::keyId).containsExactly(oldKeyId, oldKeyId, oldKeyId, newKeyId, newKeyId);
        assertThat(OutboxChecks.decode(all.get(1)).getPayload()).isInstanceOf(SiteKeyRotated.class);
        assertThat(oldKeyFile).as("deleted by the recording after the switch").doesNotExist();
        assertThat(ok("status").out()).contains("(mã khóa " + newKeyId + ")").doesNotContain("chờ trung tâm");

        // As the hub verifies: the old key until the new one's first event (4), the new key after the announcement (2).
        SiteKeyRotated announced = (SiteKeyRotated) OutboxChecks.decode(all.get(1)).getPayload();
        SiteKey oldKey = new SiteKey(oldKeyId, "CM.CAINUOC.UBND", hub.enrolledKeys().get(0), 1, 3);
        SiteKey newKey = new SiteKey(newKeyId, "CM.CAINUOC.UBND", SiteKeys.decodePublic(announced.getNewPublicKey()),
                3, Long.MAX_VALUE);
        assertThat(new ChainVerifier(Map.of(oldKeyId, oldKey, newKeyId, newKey)::get).verify("CM.CAINUOC.UBND",
                ChainPosition.start(), s -> null, all.stream().map(OutboxChecks::chainEvent).toList()).verifiedThrough())
                .isEqualTo(5);
        store.close();
    }

    @Test
    void aStoreBehindTheHubRefusesToRecordShowsItInStatusAndIsReBasedFromTheHubCursor() {
        enroll();
        ok("record", "fonds", "--code", "CM-CN-UBND", "--name", "Phông UBND huyện", "--creating-body", "UBND huyện");
        ok("record", "fonds", "--code", "CM-CN-VP", "--name", "Phông Văn phòng", "--creating-body", "Văn phòng");
        byte[] hubHash = new byte[32];
        hubHash[0] = 7;
        try (AgentStore store = AgentStore.open(db)) {
            // Both reached the hub before this store's backup was taken; then the hub applied 2 more of this site,
            // which the restored store never held (as the service's cursor watcher saves the hub's cursor).
            new Outbox(store).markPublished(1, 2, 1L);
            new Outbox(store).saveHubCursor(4, hubHash, false, 1L);
        }

        Run refused = cli("record", "fonds", "--code", "CM-CN-TP", "--name", "Phông Tư pháp", "--creating-body", "Tư pháp");
        assertThat(refused.exit()).isEqualTo(AgentCli.REFUSED);
        assertThat(refused.err()).contains("KHÔNG GHI NHẬN", "ĐI SAU trung tâm (BEHIND)", "số 4", "số 2",
                "archive-sync-agent rebase --from-hub");
        assertThat(cli("--lang", "en", "record", "fonds", "--code", "CM-CN-TP", "--name", "Phông Tư pháp",
                "--creating-body", "Tư pháp").err()).contains("BEHIND the hub", "sequence 4", "only up to 2");
        assertThat(ok("status").out()).contains("ĐI SAU trung tâm (BEHIND)");
        assertThat(cli("rebase", "--from-hub").exit()).as("the operator is named for the audit")
                .isEqualTo(AgentCli.REFUSED);

        Run rebased = ok("rebase", "--from-hub", "--operator", "qtv.hung");
        assertThat(rebased.out()).contains("Con trỏ của trung tâm: số 4",
                "Máy trạm đi sau trung tâm (BEHIND): trung tâm có đến sự kiện số 4, máy trạm có đến số 2",
                "Đã tái lập (lần 1)",
                "chuỗi tiếp tục sau sự kiện số 4 của trung tâm");
        assertThat(ok("status").out()).doesNotContain("BEHIND").contains("Sự kiện ghi nhận gần nhất: số 4");
        assertThat(ok("record", "fonds", "--code", "CM-CN-TP", "--name", "Phông Tư pháp", "--creating-body",
                "Tư pháp").out()).contains("sự kiện số 5");
        assertThat(cli("rebase", "--from-hub", "--operator", "qtv.hung").err()).contains("Không tái lập");
    }

    @Test
    void aRefusedCommandExitsWithTwoAndSaysWhyInTheChosenLanguage() {
        enroll();
        Run vi = cli("record", "seal-box", "--box", "H-404", "--fonds", "PHONG.CN", "--seal", "NP-1");
        Run en = cli("--lang", "en", "record", "seal-box", "--box", "PHONG.CN/H-404", "--seal", "NP-1");

        assertThat(vi.exit()).isEqualTo(AgentCli.REFUSED);
        assertThat(vi.err()).contains("boxCode", "H-404", "chưa được đóng hộp");
        assertThat(en.exit()).isEqualTo(AgentCli.REFUSED);
        assertThat(en.err()).contains("boxCode", "H-404", "has not been packed");
    }

    @Test
    void twoFondsBothNumberFromH001AndABoxIsNamedByItsFonds() throws Exception {
        enroll();
        ok("record", "fonds", "--code", "PHONG.UBND", "--name", "Phông UBND", "--creating-body", "UBND huyện");
        ok("record", "fonds", "--code", "PHONG.HND", "--name", "Phông Hội Nông dân", "--creating-body", "Hội Nông dân");
        ok("record", "pack-box", "--box", "H001", "--fonds", "PHONG.UBND", "--metres", "0.1");
        ok("record", "pack-box", "--box", "PHONG.HND/H001", "--metres", "0.1");
        ok("record", "seal-box", "--box", "PHONG.HND/H001", "--seal", "NP-1");
        Run noFonds = cli("record", "seal-box", "--box", "H001", "--seal", "NP-2");
        Run otherFonds = cli("--lang", "en", "record", "seal-box", "--box", "PHONG.HND/H001", "--fonds", "PHONG.UBND",
                "--seal", "NP-2");

        assertThat(noFonds.exit()).isEqualTo(AgentCli.REFUSED);
        assertThat(noFonds.err()).contains("H001", "--fonds");
        assertThat(otherFonds.exit()).isEqualTo(AgentCli.REFUSED);
        assertThat(otherFonds.err()).contains("PHONG.HND/H001", "PHONG.UBND");
        AgentStore store = AgentStore.open(db);
        List<String> boxes = store.read(c -> {
            List<String> out = new ArrayList<>();
            try (var s = c.createStatement();
                 var rs = s.executeQuery("SELECT fonds_code || '/' || box_code || ' ' || state FROM boxes ORDER BY 1")) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        });
        assertThat(boxes).containsExactly("PHONG.HND/H001 SEALED", "PHONG.UBND/H001 PACKED");
        store.close();
    }

    @Test
    void recordsAFileWithItsNumbersAndDatesAsTheListWritesThem() throws Exception {
        enroll();
        ok("record", "fonds", "--code", "PHONG.UBND", "--name", "Phông UBND", "--creating-body", "UBND huyện");
        ok("record", "file", "--fonds", "PHONG.UBND", "--file", "PHONG.UBND.2003.01.TH.ML2", "--number", "12",
                "--reference", "01.TH", "--list", "ML2", "--series", "I. TỔNG HỢP", "--place", "31234", "--title",
                "Hồ sơ tổng hợp", "--start", "2003", "--end", "06/2004", "--retention", "LEGACY_LONG_TERM", "--access",
                "OPEN");
        ok("record", "file", "--fonds", "PHONG.UBND", "--file", "HS-2", "--start", "12/06/2003", "--end",
                "2003-07-01", "--retention", "LEGACY_TEMPORARY", "--access", "OPEN");
        Run bad = cli("record", "file", "--fonds", "PHONG.UBND", "--file", "HS-3", "--start", "13/2003",
                "--retention", "PERMANENT", "--access", "OPEN");

        assertThat(bad.exit()).isNotZero();
        Outbox outbox = new Outbox(AgentStore.open(db));
        List<OutboxEntry> rows = OutboxChecks.all(outbox);
        org.archivesync.avro.FileRecorded first = (org.archivesync.avro.FileRecorded) OutboxChecks
                .decode(rows.get(rows.size() - 2)).getPayload();
        org.archivesync.avro.FileRecorded second = (org.archivesync.avro.FileRecorded) OutboxChecks
                .decode(rows.get(rows.size() - 1)).getPayload();
        assertThat(first.getFileNumber()).isEqualTo("12");
        assertThat(first.getReference()).isEqualTo("01.TH");
        assertThat(first.getListNumber()).isEqualTo("ML2");
        assertThat(first.getSeries()).isEqualTo("I. TỔNG HỢP");
        assertThat(first.getPlaceUnitCode()).isEqualTo("31234");
        assertThat(first.getStartDate()).isEqualTo(java.time.LocalDate.of(2003, 1, 1));
        assertThat(first.getStartPrecision()).isEqualTo(org.archivesync.avro.DatePrecision.YEAR);
        assertThat(first.getEndDate()).isEqualTo(java.time.LocalDate.of(2004, 6, 1));
        assertThat(first.getEndPrecision()).isEqualTo(org.archivesync.avro.DatePrecision.MONTH);
        assertThat(first.getRetention()).isEqualTo(org.archivesync.avro.RetentionKind.LEGACY_LONG_TERM);
        assertThat(second.getStartDate()).isEqualTo(java.time.LocalDate.of(2003, 6, 12));
        assertThat(second.getStartPrecision()).isEqualTo(org.archivesync.avro.DatePrecision.DAY);
        assertThat(second.getEndPrecision()).isEqualTo(org.archivesync.avro.DatePrecision.DAY);
    }

    @Test
    void reportsBulkExtentsPerLocation() throws Exception {
        enroll();
        ok("record", "fonds", "--code", "PHONG.TVT", "--name", "Phông UBND huyện Trần Văn Thời", "--creating-body",
                "UBND huyện Trần Văn Thời");
        ok("record", "location", "--code", "TVT.XA", "--name", "Các xã");
        ok("record", "extents", "--fonds", "PHONG.TVT", "--location", "TVT.XA", "--sorted", "2200", "--packed-metres",
                "1500", "--sealed-metres", "1000", "--packed-boxes", "15000", "--sealed-boxes", "10000", "--unsorted",
                "362.5", "--ready-to-digitize", "0", "--as-of", "2025-05-20");

        Outbox outbox = new Outbox(AgentStore.open(db));
        List<OutboxEntry> rows = OutboxChecks.all(outbox);
        org.archivesync.avro.ExtentReported p = (org.archivesync.avro.ExtentReported) OutboxChecks
                .decode(rows.get(rows.size() - 1)).getPayload();
        assertThat(p.getLocationCode()).isEqualTo("TVT.XA");
        assertThat(p.getPackedMetres()).isEqualByComparingTo("1500");
        assertThat(p.getSealedMetres()).isEqualByComparingTo("1000");
        assertThat(p.getPackedBoxes()).isEqualTo(15000);
        assertThat(p.getSealedBoxes()).isEqualTo(10000);
        assertThat(p.getUnsortedMetres()).isEqualByComparingTo("362.5");
    }

    @Test
    void recordingBeforeEnrollmentIsRefused() {
        Run r = cli("record", "fonds", "--code", "F", "--name", "n", "--creating-body", "b");
        assertThat(r.exit()).isEqualTo(AgentCli.REFUSED);
        assertThat(r.err()).contains("chưa được đăng ký", "archive-sync-agent enroll");
    }

    @Test
    void aFailedEnrollmentExitsWithThreeAndKeepsNothing() throws Exception {
        Run r = cli("enroll", "--hub", hub.url().toString(), "--site", "CM.CAINUOC.UBND", "--token", "expired");
        assertThat(r.exit()).isEqualTo(AgentCli.IDENTITY);
        assertThat(r.err()).contains("hết hạn");
        assertThat(db.resolveSibling("site-key.pk8")).doesNotExist();
        assertThat(ok("status").out()).contains("chưa đăng ký");
    }

    @Test
    void aSecretFileGivenATitleIsRefusedAndTheTitleNeverReachesTheFile() {
        enroll();
        ok("record", "fonds", "--code", "PHONG.CN", "--name", "Phông", "--creating-body", "UBND");
        Run r = cli("record", "file", "--fonds", "PHONG.CN", "--file", "HS-MAT", "--retention", "PERMANENT",
                "--access", "STATE_SECRET", "--secret-level", "SECRET", "--title", "Phương án tác chiến bí mật");
        assertThat(r.exit()).isEqualTo(AgentCli.REFUSED);
        assertThat(r.err()).contains("title", "29/2018/QH14");
        ok("record", "file", "--fonds", "PHONG.CN", "--file", "HS-MAT", "--retention", "PERMANENT", "--access",
                "STATE_SECRET", "--secret-level", "SECRET", "--sheets", "12");
        for (Path f : RawBytes.sqliteFiles(db)) {
            assertThat(RawBytes.contains(RawBytes.read(f), "Phương án tác chiến bí mật")).isFalse();
        }
    }

    @Test
    void helpIsVietnameseByDefaultAndEnglishOnRequest() {
        Run vi = cli("--help");
        Run en = cli("--lang", "en", "record", "file", "--help");
        assertThat(vi.out()).contains("Cách dùng:", "Lệnh:", "Đăng ký máy trạm", "export-bundle");
        assertThat(en.out()).contains("Usage:", "Record or update a file", "--title", "File title");
    }

    @Test
    void everyCommandIsDescribedInBothLanguages() {
        List<picocli.CommandLine> all = new ArrayList<>();
        collect(AgentCli.commandLine(new AgentCli()), all);
        assertThat(all).hasSizeGreaterThan(15);
        for (picocli.CommandLine c : all) {
            String key = AgentCli.descriptionKey(c.getCommandSpec());
            assertThat(org.archivesync.agent.messages.AgentMessages.forLanguage("vi").has(key)).as(key).isTrue();
            assertThat(org.archivesync.agent.messages.AgentMessages.forLanguage("en").has(key)).as(key).isTrue();
            for (var option : c.getCommandSpec().options()) {
                if (option.descriptionKey() != null && !option.descriptionKey().isEmpty()) {
                    assertThat(org.archivesync.agent.messages.AgentMessages.forLanguage("vi").has(option.descriptionKey()))
                            .as(option.descriptionKey()).isTrue();
                }
            }
        }
    }

    static void collect(picocli.CommandLine c, List<picocli.CommandLine> all) {
        all.add(c);
        c.getSubcommands().values().forEach(s -> collect(s, all));
    }

    @Test
    void statusTellsTheRegistryTheBrokerAndTheHubApart() {
        enroll();
        try (AgentStore store = AgentStore.open(db)) {
            // The hub froze a while ago: its registry stopped answering, its cursor stopped coming; the broker is up.
            java.time.Instant now = java.time.Instant.now();
            new org.archivesync.agent.outbox.Outbox(store).saveBrokerState(true, now.toEpochMilli(), null);
            org.archivesync.agent.publisher.LinkState link = org.archivesync.agent.publisher.LinkState.of(store);
            link.hubHeard(now.minus(Duration.ofMinutes(10)));
            link.registry(false, now, "SchemaRegistryException: HTTP 503");
        }

        Run r = ok("status");

        assertThat(r.out()).contains("Kafka: kết nối được", "Sổ đăng ký lược đồ: KHÔNG trả lời",
                "HTTP 503", "Trung tâm: KHÔNG nghe thấy từ", "quá 3 phút").doesNotContain("Kafka: KHÔNG");
        assertThat(ok("--lang", "en", "status").out()).contains("Kafka: reachable", "Schema registry: NOT answering",
                "Hub: NOT heard since");
    }

    @Test
    void statusCanProbeTheBrokerNow() {
        enroll();
        Run r = ok("status", "--probe", "127.0.0.1:1");
        assertThat(r.out()).contains("Kafka 127.0.0.1:1: KHÔNG kết nối được");
    }

    @Test
    void theDurationOfTheBacklogIsReadable() {
        assertThat(StatusCommand.format(Duration.ofSeconds(3 * 86400 + 3723))).isEqualTo("3d 01:02:03");
        assertThat(StatusCommand.format(Duration.ofSeconds(59))).isEqualTo("00:00:59");
    }

    @Test
    void exportingBeforeEnrollmentIsRefused() throws Exception {
        Run r = cli("export-bundle", "--from", "1", "--to", db.resolveSibling("b.asb").toString());
        assertThat(r.exit()).isEqualTo(AgentCli.IDENTITY);
        assertThat(Files.exists(db.resolveSibling("b.asb"))).isFalse();
    }

    @Test
    void theLocalAdministratorManagesLocalAccountsWithPasswordsFromAFile() throws Exception {
        Path password = db.resolveSibling("password.txt");
        Files.writeString(password, "mat-khau-du-dai-1\n");

        assertThat(ok("--lang", "en", "users", "add", "nguyen.van.a", "--role", "office-head", "--password-file",
                password.toString()).out()).contains("Account nguyen.van.a created (role office-head)");
        Run twice = cli("users", "add", "NGUYEN.VAN.A", "--role", "clerk", "--password-file", password.toString());
        assertThat(twice.exit()).isEqualTo(AgentCli.REFUSED);
        assertThat(twice.err()).contains("Tài khoản NGUYEN.VAN.A đã có");
        Files.writeString(password, "ngan\n");
        Run shortPassword = cli("users", "add", "le.van.c", "--role", "clerk", "--password-file", password.toString());
        assertThat(shortPassword.exit()).isEqualTo(AgentCli.REFUSED);
        assertThat(shortPassword.err()).contains("ít nhất 12 ký tự");
        assertThat(cli("users", "add", "le van c", "--role", "clerk", "--password-file", password.toString()).exit())
                .isEqualTo(AgentCli.REFUSED);
        assertThat(cli("users", "add", "le.van.c", "--role", "admin", "--password-file", password.toString()).err())
                .contains("clerk hoặc office-head");
        ok("users", "disable", "nguyen.van.a");

        assertThat(ok("--lang", "en", "users", "list").out()).contains("nguyen.van.a  office-head  disabled")
                .doesNotContain("le.van.c").doesNotContain("mat-khau");
        try (AgentStore store = AgentStore.open(db)) {
            // Only a hash is kept, never the password.
            String hash = store.read(c -> {
                try (var rs = c.createStatement().executeQuery("SELECT password_hash FROM local_accounts")) {
                    rs.next();
                    return rs.getString(1);
                }
            });
            assertThat(hash).startsWith("{bcrypt}").doesNotContain("mat-khau");
        }
    }
}
