package org.archivesync.agent.calendar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.archivesync.agent.cli.AgentCli;
import org.archivesync.agent.identity.Enrollment;
import org.archivesync.agent.outbox.Outbox;
import org.archivesync.agent.outbox.OutboxEntry;
import org.archivesync.agent.testing.Brokers;
import org.archivesync.agent.testing.LocalApi;
import org.archivesync.agent.testing.OutboxChecks;
import org.archivesync.agent.testing.TestHub;
import org.archivesync.agent.testing.TestPaths;
import org.archivesync.agent.testing.TestRegistry;
import org.archivesync.agent.testing.TopicReader;
import org.archivesync.schemas.wire.SiteEventHeaders;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A running agent (REST API, CLI on the same file, publisher on a real broker) with a simulated calendar: what it
 * records is dated on the simulated day and moves when the file is rewritten, while the publisher's {@code as-sent-at}
 * header, the outbox's {@code recorded_at} and the backlog's age stay on the PC's clock; REST and CLI status say
 * which day records are dated, in Vietnamese first and in English.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "archive-sync.agent.publisher.topic-prefix=archive.site-events.calendar",
        "archive-sync.agent.publisher.cursor-topic=archive.site-cursors.calendar",
        "archive-sync.agent.publisher.poll-interval=50ms",
        "archive-sync.agent.publisher.backoff-initial=100ms"})
class SimulatedCalendarServiceIT {

    static final String SITE = "CM.TRANVANTHOI.UBND";
    static final String TOPIC = "archive.site-events.calendar." + SITE;
    static final Path DB = TestPaths.database("calendar-e2e");
    static final Path CALENDAR = DB.resolveSibling("simulated-calendar.txt");
    static final TestRegistry REGISTRY = TestRegistry.start(9100);
    static final TestHub HUB = TestHub.start().site(SITE, "tok");
    static final ZoneOffset VIETNAM = ZoneOffset.ofHours(7);

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        write("2025-06-02T08:00+07:00");
        Brokers.createTopics(Brokers.shared(), TOPIC, "archive.site-cursors.calendar");
        registry.add("archive-sync.agent.store.path", DB::toString);
        registry.add("archive-sync.agent.simulated-calendar", CALENDAR::toString);
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

    @Test
    void recordsAreDatedOnTheSimulatedDayWhileTransportStaysOnThePcsClock() throws Exception {
        enrollment.enroll(HUB.url(), SITE, "tok", DB.resolveSibling("site-key.pk8"));
        Instant before = Instant.now();
        assertThat(send("POST", "/api/fonds", """
                {"fondsCode":"PHONG.TVT","name":"Phông UBND huyện Trần Văn Thời","creatingBody":"UBND huyện Trần Văn Thời"}""", null)
                .statusCode()).isEqualTo(201);
        // The CLI on the same file, given the same calendar (the service's setting as an environment variable does
        // the same).
        ByteArrayOutputStream cliOut = new ByteArrayOutputStream();
        assertThat(cli(cliOut, "--simulated-calendar", CALENDAR.toString(), "record", "pack-box", "--box", "PHONG.TVT/H1",
                "--metres", "0.1")).isZero();
        assertThat(cli(cliOut, "--simulated-calendar", CALENDAR.toString(), "status")).isZero();
        assertThat(cliOut.toString(StandardCharsets.UTF_8)).contains("LỊCH MÔ PHỎNG").contains("02/06/2025")
                .contains(CALENDAR.toString());

        JsonNode vi = status("vi");
        assertThat(vi.path("simulatedCalendar").path("date").asText()).isEqualTo("2025-06-02");
        assertThat(vi.path("simulatedCalendar").path("file").asText()).isEqualTo(CALENDAR.toString());
        assertThat(vi.path("simulatedCalendar").path("message").asText())
                .startsWith("LỊCH MÔ PHỎNG (chỉ dùng để tập huấn, trình diễn): hồ sơ đang được ghi nhận vào ngày 02/06/2025");
        assertThat(status("en").path("simulatedCalendar").path("message").asText())
                .startsWith("SIMULATED CALENDAR (training and demo only): records are dated 02/06/2025");

        // The office moves to 10/6: a running agent follows the file.
        write("2025-06-10T14:00+07:00");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> status("vi").path("simulatedCalendar").path("date").asText().equals("2025-06-10"));
        assertThat(send("POST", "/api/boxes", """
                {"boxCode":"H2","fondsCode":"PHONG.TVT","metres":0.12}""", null).statusCode()).isEqualTo(201);

        await().atMost(Duration.ofSeconds(30)).until(() -> outbox.status().lastRecordedSequence() == 3
                && outbox.status().backlog() == 0);
        Instant after = Instant.now();
        List<ConsumerRecord<String, byte[]>> records;
        try (TopicReader reader = new TopicReader(Brokers.shared().getBrokersAsString(), TOPIC)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> reader.poll().size() >= 3);
            records = reader.poll();
        }
        assertThat(records).extracting(r -> TopicReader.event(r).getOccurredAt().atOffset(VIETNAM).toLocalDate())
                .containsExactly(LocalDate.of(2025, 6, 2), LocalDate.of(2025, 6, 2), LocalDate.of(2025, 6, 10));
        assertThat(records).as("as-sent-at: the PC's clock, which the hub's clock-skew check judges")
                .extracting(r -> Instant.parse(new String(r.headers().lastHeader(SiteEventHeaders.SENT_AT).value(),
                        StandardCharsets.UTF_8)))
                .allSatisfy(sentAt -> assertThat(sentAt).isBetween(before, after));
        assertThat(records).as("the broker's record time: the PC's clock too")
                .allSatisfy(r -> assertThat(Instant.ofEpochMilli(r.timestamp())).isBetween(before, after));
        assertThat(OutboxChecks.all(outbox)).extracting(OutboxEntry::recordedAt)
                .allSatisfy(ms -> assertThat(Instant.ofEpochMilli(ms)).isBetween(before.minusMillis(1), after));
        assertThat(OutboxChecks.all(outbox)).extracting(OutboxEntry::publishedAt)
                .allSatisfy(ms -> assertThat(Instant.ofEpochMilli(ms)).isBetween(before, after));
    }

    HttpResponse<String> send(String method, String path, String body, String language) throws Exception {
        HttpRequest.Builder b = LocalApi.request(port, path)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json").header("Authorization", LocalApi.bearer(DB));
        if (language != null) {
            b.header("Accept-Language", language);
        }
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    JsonNode status(String language) throws Exception {
        HttpResponse<String> r = send("GET", "/api/status", null, language);
        assertThat(r.statusCode()).isEqualTo(200);
        return JsonMapper.builder().build().readTree(r.body());
    }

    static int cli(ByteArrayOutputStream out, String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--db";
        all[1] = DB.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
        return AgentCli.main(all, print, print);
    }

    static void write(String text) {
        try {
            Files.writeString(CALENDAR, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
