package org.archivesync.agent.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.archivesync.agent.cli.AgentCli;
import org.archivesync.agent.identity.Enrollment;
import org.archivesync.agent.outbox.Outbox;
import org.archivesync.agent.recording.Recorder;
import org.archivesync.agent.recording.RecordingRefusedException;
import org.archivesync.agent.store.AgentStore;
import org.archivesync.agent.testing.Brokers;
import org.archivesync.agent.testing.LocalApi;
import org.archivesync.agent.testing.RawBytes;
import org.archivesync.agent.testing.TestHub;
import org.archivesync.agent.testing.TestPaths;
import org.archivesync.agent.testing.TestRegistry;
import org.archivesync.agent.testing.TopicReader;
import org.archivesync.avro.AccessRegime;
import org.archivesync.avro.FileRecorded;
import org.archivesync.avro.RetentionKind;
import org.archivesync.avro.SecretLevel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A running agent (REST API and publisher on a real broker), used through every path a clerk has: REST, REST batch,
 * the CLI on the same file while the service runs, and the Java recorder. Secret files get only their stub into the
 * SQLite files (main, -wal, -shm) and onto the topic; their descriptive text is refused everywhere.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "archive-sync.agent.publisher.topic-prefix=archive.site-events.secret",
        "archive-sync.agent.publisher.cursor-topic=archive.site-cursors.secret",
        "archive-sync.agent.publisher.poll-interval=50ms",
        "archive-sync.agent.publisher.backoff-initial=100ms"})
class StateSecretEndToEndIT {

    static final Path DB = TestPaths.database("secret-e2e");
    static final TestRegistry REGISTRY = TestRegistry.start(9000);
    static final TestHub HUB = TestHub.start().site("CM.NGOCHIEN.UBND", "tok");
    static final List<String> SECRET_TEXT = List.of("Phương án bảo vệ mục tiêu quân sự", "sơ đồ công sự",
            "Lưu tại két sắt số 2", "Rách mép, đã phục chế", "Danh sách cán bộ tình báo", "mật mã liên lạc");
    static final String OPEN_TITLE = "Hồ sơ xây dựng trường học xã Tân Ân";

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        Brokers.createTopics(Brokers.shared(), "archive.site-events.secret.CM.NGOCHIEN.UBND", "archive.site-cursors.secret");
        registry.add("archive-sync.agent.store.path", DB::toString);
        registry.add("archive-sync.agent.publisher.bootstrap-servers", () -> Brokers.shared().getBrokersAsString());
        registry.add("archive-sync.agent.publisher.schema-registry-url", REGISTRY::url);
    }

    @AfterAll
    static void stop() {
        REGISTRY.close();
        HUB.close();
    }

    @LocalServerPort
    int port;

    @Autowired
    Enrollment enrollment;

    @Autowired
    Outbox outbox;

    @Autowired
    Recorder recorder;

    int send(String method, String path, String body) throws Exception {
        return HttpClient.newHttpClient().send(LocalApi.request(port, path)
                .method(method, HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json")
                .header("Authorization", LocalApi.bearer(DB)).build(), HttpResponse.BodyHandlers.ofString())
                .statusCode();
    }

    int cli(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--db";
        all[1] = DB.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        return AgentCli.main(all, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    }

    static String secretJson(String fileCode, String extra) {
        return """
                {"fondsCode":"PHONG.NH","fileCode":"%s","boxCode":"H-M","sheetCount":30,"retention":"PERMANENT",
                 "accessRegime":"STATE_SECRET","secretLevel":"TOP_SECRET"%s}""".formatted(fileCode, extra);
    }

    @Test
    void noDescriptiveTextOfASecretFileReachesTheStoreOrTheTopicThroughAnyPath() throws Exception {
        enrollment.enroll(HUB.url(), "CM.NGOCHIEN.UBND", "tok", DB.resolveSibling("site-key.pk8"));
        assertThat(send("POST", "/api/fonds", """
                {"fondsCode":"PHONG.NH","name":"Phông UBND huyện Ngọc Hiển","creatingBody":"UBND huyện Ngọc Hiển"}""")).isEqualTo(201);
        assertThat(send("POST", "/api/boxes", """
                {"boxCode":"H-M","fondsCode":"PHONG.NH","metres":0.1}""")).isEqualTo(201);

        // REST: refused with each kind of description, accepted as a stub.
        assertThat(send("PUT", "/api/files", secretJson("HS-M1", ",\"title\":\"" + SECRET_TEXT.get(0) + "\""))).isEqualTo(422);
        assertThat(send("PUT", "/api/files", secretJson("HS-M1", ",\"keywords\":[\"" + SECRET_TEXT.get(1) + "\"]"))).isEqualTo(422);
        assertThat(send("PUT", "/api/files", secretJson("HS-M1", ""))).isEqualTo(201);
        // REST batch: one described secret file refuses the whole batch.
        assertThat(send("POST", "/api/batch", """
                {"commands":[{"type":"record-file","command":%s},{"type":"record-file","command":%s}]}"""
                .formatted(secretJson("HS-M2", ""), secretJson("HS-M3", ",\"notes\":\"" + SECRET_TEXT.get(2) + "\""))))
                .isEqualTo(422);
        // CLI on the same file while the service runs.
        assertThat(cli("record", "file", "--fonds", "PHONG.NH", "--file", "HS-M4", "--retention", "PERMANENT",
                "--access", "STATE_SECRET", "--secret-level", "SECRET", "--condition", SECRET_TEXT.get(3)))
                .isEqualTo(AgentCli.REFUSED);
        assertThat(cli("record", "file", "--fonds", "PHONG.NH", "--file", "HS-M4", "--retention", "PERMANENT",
                "--access", "STATE_SECRET", "--secret-level", "SECRET", "--sheets", "8")).isZero();
        // The Java recorder (what the importer and the hub's end-to-end tests use).
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> recorder.recordFile(
                new org.archivesync.agent.recording.RecordFile("PHONG.NH", "HS-M5", null, SECRET_TEXT.get(4), null, null,
                        1, null, RetentionKind.PERMANENT, null, AccessRegime.STATE_SECRET, SecretLevel.CONFIDENTIAL, null,
                        List.of(SECRET_TEXT.get(5)), null, null))).isInstanceOf(RecordingRefusedException.class);
        // An open file, whose title must be findable by the same search.
        assertThat(send("PUT", "/api/files", """
                {"fondsCode":"PHONG.NH","fileCode":"HS-O1","title":"%s","retention":"PERMANENT","accessRegime":"OPEN"}"""
                .formatted(OPEN_TITLE))).isEqualTo(201);

        await().atMost(Duration.ofSeconds(30)).until(() -> outbox.status().lastRecordedSequence() == 5
                && outbox.status().backlog() == 0);
        List<ConsumerRecord<String, byte[]>> records;
        try (TopicReader reader = new TopicReader(Brokers.shared().getBrokersAsString(), "archive.site-events.secret.CM.NGOCHIEN.UBND")) {
            await().atMost(Duration.ofSeconds(10)).until(() -> reader.poll().size() >= 5);
            records = reader.poll();
        }
        assertThat(records).hasSize(5);
        assertThat(records.stream().map(TopicReader::event).map(e -> e.getPayload())
                .filter(p -> p instanceof FileRecorded f && f.getAccessRegime() == AccessRegime.STATE_SECRET))
                .hasSize(2).allSatisfy(p -> {
                    FileRecorded f = (FileRecorded) p;
                    assertThat(f.getTitle()).isNull();
                    assertThat(f.getKeywords()).isEmpty();
                    assertThat(f.getNotes()).isNull();
                    assertThat(f.getPhysicalCondition()).isNull();
                });
        for (ConsumerRecord<String, byte[]> r : records) {
            for (String text : SECRET_TEXT) {
                assertThat(RawBytes.contains(r.value(), text)).as("topic record holds '%s'", text).isFalse();
            }
        }
        assertThat(records).anySatisfy(r -> assertThat(RawBytes.contains(r.value(), OPEN_TITLE)).isTrue());

        List<Path> files = RawBytes.sqliteFiles(DB);
        assertThat(files).hasSizeGreaterThanOrEqualTo(2);
        for (Path f : files) {
            byte[] bytes = RawBytes.read(f);
            for (String text : SECRET_TEXT) {
                assertThat(RawBytes.contains(bytes, text)).as("%s holds '%s'", f.getFileName(), text).isFalse();
            }
        }
        assertThat(files).anySatisfy(f -> assertThat(RawBytes.contains(RawBytes.read(f), OPEN_TITLE)).isTrue());
        try (AgentStore store = AgentStore.open(DB)) {
            store.checkpoint();
            byte[] main = RawBytes.read(DB);
            assertThat(SECRET_TEXT).noneMatch(t -> RawBytes.contains(main, t));
            assertThat(RawBytes.contains(main, OPEN_TITLE)).isTrue();
        }
    }
}
