package org.archivesync.agent.calendar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.archivesync.agent.messages.AgentMessages;
import org.archivesync.agent.outbox.Outbox;
import org.archivesync.agent.outbox.OutboxEntry;
import org.archivesync.agent.recording.Recorder;
import org.archivesync.agent.recording.RegisterFonds;
import org.archivesync.agent.store.AgentStore;
import org.archivesync.agent.testing.OutboxChecks;
import org.archivesync.agent.testing.TestPaths;
import org.archivesync.agent.testing.TestRecording;
import org.archivesync.agent.testing.TestSite;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The simulated calendar on a real file and a real agent store: records are dated on the simulated day, the day keeps
 * ticking, a rewritten file moves it (looked at no more than once a second), a file gone bad keeps the last good day
 * with one WARN, and a bad file at start is refused naming the file and the value.
 */
class SimulatedCalendarTest {

    static final ZoneOffset VIETNAM = ZoneOffset.ofHours(7);
    static final Duration SECOND = Duration.ofSeconds(1);

    Path dir;
    Path file;
    ListAppender<ILoggingEvent> logs;

    @BeforeEach
    void setUp() {
        dir = TestPaths.directory("calendar");
        file = dir.resolve("simulated-calendar.txt");
        logs = new ListAppender<>();
        logs.start();
        ((Logger) LoggerFactory.getLogger(SimulatedCalendar.class)).addAppender(logs);
    }

    @AfterEach
    void tearDown() {
        ((Logger) LoggerFactory.getLogger(SimulatedCalendar.class)).detachAppender(logs);
    }

    @Test
    void anAgentStoreWithTheCalendarRecordsOnTheSimulatedDayWhileItsOwnTimesStayReal() {
        write("2025-06-02T08:00+07:00\n");
        SimulatedCalendar calendar = SimulatedCalendar.open(file, Clock.systemUTC());
        AgentStore store = AgentStore.open(dir.resolve("agent.sqlite"));
        TestSite site = TestSite.create("CM.CAINUOC.UBND");
        Recorder recorder = new Recorder(store, () -> Optional.of(site.identity()), Clock.systemUTC(), calendar,
                "can.bo.luu.tru");
        Outbox outbox = new Outbox(store);

        Instant before = Instant.now();
        recorder.registerFonds(new RegisterFonds(TestRecording.FONDS, "Phông UBND xã", "UBND xã", null, null, null,
                false));
        Instant first = occurredAt(outbox, 1);
        // Keeps ticking: real time passes, and so does the simulated day.
        await().atMost(Duration.ofSeconds(5)).until(() -> calendar.instant().isAfter(first.plusMillis(50)));
        recorder.recordFile(TestRecording.file("HS-1"));
        Instant after = Instant.now();

        Instant second = occurredAt(outbox, 2);
        assertThat(List.of(first, second)).allSatisfy(at -> {
            assertThat(at.atOffset(VIETNAM).toLocalDate()).isEqualTo(LocalDate.of(2025, 6, 2));
            assertThat(at).isBetween(Instant.parse("2025-06-02T01:00:00Z"), Instant.parse("2025-06-02T01:01:00Z"));
        });
        assertThat(second).isAfter(first.plusMillis(49));
        assertThat(OutboxChecks.all(outbox)).as("the outbox's recorded_at (the backlog's age) stays on the PC's clock")
                .extracting(OutboxEntry::recordedAt)
                .allSatisfy(ms -> assertThat(Instant.ofEpochMilli(ms)).isBetween(before.minusMillis(1), after));
        assertThat(calendar.shown()).startsWith("02/06/2025 08:0");
        assertThat(SimulatedCalendar.of(calendar)).containsSame(calendar);
        store.close();
    }

    @Test
    void rewritingTheFileMovesARunningAgentToAnotherDay() {
        write("2025-06-02T08:00+07:00");
        SimulatedCalendar calendar = SimulatedCalendar.open(file, Clock.systemUTC());
        assertThat(calendar.now().toLocalDate()).isEqualTo(LocalDate.of(2025, 6, 2));

        write("2025-06-10T14:30+07:00");
        await().atMost(Duration.ofSeconds(5)).until(() -> calendar.now().toLocalDate().equals(LocalDate.of(2025, 6, 10)));
        assertThat(calendar.now().toLocalTime()).isBetween(java.time.LocalTime.of(14, 30), java.time.LocalTime.of(14, 31));
        assertThat(calendar.now().getOffset()).isEqualTo(VIETNAM);
    }

    @Test
    void theFileIsLookedAtNoMoreThanOnceASecond() {
        AtomicLong ticker = new AtomicLong();
        write("2025-06-02T08:00+07:00");
        SimulatedCalendar calendar = SimulatedCalendar.open(file, Clock.systemUTC(), ticker::get);

        write("2025-06-10T08:00+07:00");
        ticker.addAndGet(SECOND.toNanos() - 1);
        assertThat(calendar.now().toLocalDate()).as("within the second: not looked at").isEqualTo(LocalDate.of(2025, 6, 2));
        ticker.addAndGet(1);
        assertThat(calendar.now().toLocalDate()).isEqualTo(LocalDate.of(2025, 6, 10));
        assertThat(messages()).containsExactly("simulated calendar moved file=" + file.toAbsolutePath()
                + " date=2025-06-10T08:00+07:00: records are dated 10/06/2025 08:00, not today (training and demo only)");
    }

    @Test
    void aFileThatBecomesUnparseableKeepsTheLastGoodDayAndWarnsOnce() {
        AtomicLong ticker = new AtomicLong();
        write("2025-06-02T08:00+07:00");
        SimulatedCalendar calendar = SimulatedCalendar.open(file, Clock.systemUTC(), ticker::get);

        write("10/06/2025");
        for (int i = 0; i < 5; i++) {
            ticker.addAndGet(SECOND.toNanos());
            assertThat(calendar.now().toLocalDate()).isEqualTo(LocalDate.of(2025, 6, 2));
        }
        assertThat(logs.list).hasSize(1).first().satisfies(e -> {
            assertThat(e.getLevel()).isEqualTo(Level.WARN);
            assertThat(e.getFormattedMessage()).contains("keeps date=2025-06-02T08:00+07:00").contains(file.toString())
                    .contains("10/06/2025");
        });
        // Gone, then back with a good value: one WARN for the missing file, then the calendar moves again.
        delete();
        ticker.addAndGet(SECOND.toNanos());
        ticker.addAndGet(SECOND.toNanos());
        assertThat(calendar.now().toLocalDate()).isEqualTo(LocalDate.of(2025, 6, 2));
        assertThat(logs.list).hasSize(2);
        write("2025-06-16T09:00+07:00");
        ticker.addAndGet(SECOND.toNanos());
        assertThat(calendar.now().toLocalDate()).isEqualTo(LocalDate.of(2025, 6, 16));
    }

    @Test
    void aBadFileAtStartIsRefusedNamingTheFileAndTheValue() {
        write("02/06/2025 08:00");
        SimulatedCalendarException e = catchThrowableOfType(SimulatedCalendarException.class,
                () -> SimulatedCalendar.forSetting(file.toString(), Clock.systemUTC()));
        assertThat(e.messageKey()).isEqualTo("calendar.unparseable");
        assertThat(e.getMessage()).contains(file.toAbsolutePath().toString()).contains("\"02/06/2025 08:00\"");
        assertThat(AgentMessages.of(AgentMessages.VIETNAMESE).render(e)).startsWith("Tệp lịch mô phỏng ")
                .contains(file.toAbsolutePath().toString()).contains("02/06/2025 08:00");

        write("2025-06-02T08:00");
        assertThat(catchThrowableOfType(SimulatedCalendarException.class, () -> SimulatedCalendar.open(file,
                Clock.systemUTC())).messageKey()).as("a date-time without offset").isEqualTo("calendar.unparseable");
        write("1900-06-02T08:00+07:00");
        assertThat(catchThrowableOfType(SimulatedCalendarException.class, () -> SimulatedCalendar.open(file,
                Clock.systemUTC())).messageKey()).isEqualTo("calendar.out-of-range");
        write("2025-06-02T08:00+07:00".repeat(20));
        assertThat(catchThrowableOfType(SimulatedCalendarException.class, () -> SimulatedCalendar.open(file,
                Clock.systemUTC())).messageKey()).as("longer than any date-time").isEqualTo("calendar.unparseable");
        SimulatedCalendarException missing = catchThrowableOfType(SimulatedCalendarException.class,
                () -> SimulatedCalendar.open(dir.resolve("none.txt"), Clock.systemUTC()));
        assertThat(missing.messageKey()).isEqualTo("calendar.unreadable");
        assertThat(AgentMessages.of(Locale.ENGLISH).render(missing)).contains(dir.resolve("none.txt").toString())
                .contains("NoSuchFileException");
    }

    @Test
    void theCliRefusesToRecordOnABadCalendarFileAndSaysWhy() {
        write("2025-13-40T08:00+07:00");
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        int exit = org.archivesync.agent.cli.AgentCli.main(new String[] {"--db", dir.resolve("cli.sqlite").toString(),
                        "--simulated-calendar", file.toString(), "record", "fonds", "--code", "F", "--name", "Phông",
                        "--creating-body", "UBND xã"},
                new java.io.PrintStream(out, true, StandardCharsets.UTF_8),
                new java.io.PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(exit).isEqualTo(org.archivesync.agent.cli.AgentCli.REFUSED);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("Tệp lịch mô phỏng " + file + " chứa \"2025-13-40T08:00+07:00\"");
    }

    @Test
    void anEmptySettingLeavesTheRealClock() {
        Clock real = Clock.systemUTC();
        assertThat(SimulatedCalendar.forSetting(null, real)).isSameAs(real);
        assertThat(SimulatedCalendar.forSetting("  ", real)).isSameAs(real);
        assertThat(SimulatedCalendar.of(real)).isEmpty();
    }

    private static Instant occurredAt(Outbox outbox, long sequence) {
        return OutboxChecks.decode(outbox.range(sequence, sequence).get(0)).getOccurredAt();
    }

    private List<String> messages() {
        return logs.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    /** Writes the file; its modified time always changes, also within the file system's time granularity. */
    private void write(String text) {
        try {
            FileTime previous = Files.exists(file) ? Files.getLastModifiedTime(file) : null;
            Files.writeString(file, text, StandardCharsets.UTF_8);
            if (previous != null && !Files.getLastModifiedTime(file).toInstant().isAfter(previous.toInstant())) {
                Files.setLastModifiedTime(file, FileTime.from(previous.toInstant().plusMillis(1)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void delete() {
        try {
            Files.delete(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
