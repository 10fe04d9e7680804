package org.archivesync.agent.calendar;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lịch mô phỏng (simulated calendar), for training and the demo only: a clock that reads the day to date the office's
 * records on from a small text file, so a scenario can replay a campaign on its own dates (the hub's as-of view of
 * 10/6/2025 then shows what was recorded "on" that day).
 *
 * <p>The file holds one ISO-8601 date-time with offset, e.g. {@code 2025-06-02T08:00+07:00}. The time this clock tells
 * is that instant plus the real time elapsed since the file was last modified, so it keeps ticking, and the CLI and the
 * service (separate processes on the same file) tell the same time. The file's modified time is looked at no more than
 * once a second; when it changed, the file is read again, so a running agent moves to another day when the file is
 * rewritten. A file that later cannot be read or parsed leaves the last good value in force and is logged once at WARN.
 *
 * <p>Only the {@link ActsClock acts clock} may be one of these; everything about transport and timing stays on the real
 * clock. {@link #getZone()} is the real clock's zone; the file's offset is used only to show the date.
 *
 * <p>Thread-safe.
 */
public final class SimulatedCalendar extends Clock {

    private static final Logger log = LoggerFactory.getLogger(SimulatedCalendar.class);

    /** How often, at most, the file's modified time is looked at. */
    static final Duration CHECK_EVERY = Duration.ofSeconds(1);
    /** A date-time with offset is about 30 characters; anything much longer is not one. */
    static final int MAX_BYTES = 200;
    /** The years the agent accepts; outside them the value is a typing error, not a campaign. */
    static final OffsetDateTime EARLIEST = OffsetDateTime.of(1970, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);
    static final OffsetDateTime LATEST = OffsetDateTime.of(2100, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);

    private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("dd/MM/yyyy HH:mm");

    private final Source source;
    private final ZoneId zone;

    private SimulatedCalendar(Source source, ZoneId zone) {
        this.source = source;
        this.zone = zone;
    }

    /**
     * The acts clock for a setting value.
     *
     * @param setting the value of {@code archive-sync.agent.simulated-calendar}; null or blank means off
     * @param real the PC's clock (never null)
     * @return {@code real} when off, else a {@link SimulatedCalendar} on the file (never null)
     * @throws SimulatedCalendarException when the file cannot be read or does not hold a date-time the agent accepts
     */
    public static Clock forSetting(String setting, Clock real) {
        Objects.requireNonNull(real, "real");
        if (setting == null || setting.isBlank()) {
            return real;
        }
        return open(Path.of(setting.strip()), real);
    }

    /**
     * A calendar on {@code file}, read now.
     *
     * @param file the calendar file (never null)
     * @param real the PC's clock, for the elapsed time and the zone (never null)
     * @throws SimulatedCalendarException when the file cannot be read or does not hold a date-time the agent accepts
     */
    public static SimulatedCalendar open(Path file, Clock real) {
        return open(file, real, System::nanoTime);
    }

    /** As {@link #open(Path, Clock)}, checking the file at most once a second of {@code ticker} (nanoseconds). */
    static SimulatedCalendar open(Path file, Clock real, LongSupplier ticker) {
        Source source = new Source(file.toAbsolutePath(), Objects.requireNonNull(real, "real"),
                Objects.requireNonNull(ticker, "ticker"));
        return new SimulatedCalendar(source, real.getZone());
    }

    /** The simulated calendar behind an acts clock; empty when the clock is a real one. */
    public static Optional<SimulatedCalendar> of(Clock clock) {
        return clock instanceof SimulatedCalendar c ? Optional.of(c) : Optional.empty();
    }

    /** The file the calendar is read from (absolute; never null). */
    public Path file() {
        return source.file;
    }

    /** The simulated date-time now, at the offset written in the file (never null). */
    public OffsetDateTime now() {
        Base b = source.current();
        return b.at(source.real.instant()).atOffset(b.start.getOffset());
    }

    /** {@link #now()} as {@code dd/MM/yyyy HH:mm}, for people. */
    public String shown() {
        return SHOWN.format(now());
    }

    @Override
    public Instant instant() {
        return source.current().at(source.real.instant());
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return zone.equals(this.zone) ? this : new SimulatedCalendar(source, zone);
    }

    @Override
    public String toString() {
        return "SimulatedCalendar[" + source.file + "]";
    }

    /** The instant read from the file and the file's modified time when it was read. */
    private record Base(OffsetDateTime start, FileTime modified) {

        /** {@code start} plus the real time elapsed since the file changed (never less than none). */
        Instant at(Instant realNow) {
            Duration elapsed = Duration.between(modified.toInstant(), realNow);
            return start.toInstant().plus(elapsed.isNegative() ? Duration.ZERO : elapsed);
        }
    }

    /** The file and what was last read from it, shared by the zone views of one calendar. */
    private static final class Source {
        private final Path file;
        private final Clock real;
        private final LongSupplier ticker;
        private volatile Base base;
        private long checkedAt;
        /** The modified time of a bad file already warned about, so the WARN is logged once per change. */
        private FileTime warnedFor;

        Source(Path file, Clock real, LongSupplier ticker) {
            this.file = file;
            this.real = real;
            this.ticker = ticker;
            this.base = read();
            this.checkedAt = ticker.getAsLong();
        }

        Base current() {
            synchronized (this) {
                long now = ticker.getAsLong();
                if (now - checkedAt >= CHECK_EVERY.toNanos()) {
                    checkedAt = now;
                    refresh();
                }
                return base;
            }
        }

        private void refresh() {
            FileTime modified;
            try {
                modified = Files.getLastModifiedTime(file);
            } catch (IOException e) {
                warnOnce(null, "cannot be read: " + e.getClass().getSimpleName());
                return;
            }
            if (modified.equals(base.modified()) || modified.equals(warnedFor)) {
                return;
            }
            try {
                Base read = read();
                base = read;
                warnedFor = null;
                log.warn("simulated calendar moved file={} date={}: records are dated {}, not today (training and "
                        + "demo only)", file, read.start(), SHOWN.format(read.start()));
            } catch (SimulatedCalendarException e) {
                warnOnce(modified, e.getMessage());
            }
        }

        private void warnOnce(FileTime modified, String why) {
            FileTime key = modified == null ? FileTime.fromMillis(Long.MIN_VALUE) : modified;
            if (!key.equals(warnedFor)) {
                warnedFor = key;
                log.warn("simulated calendar file={} keeps date={} (advancing): the file {}", file, base.start(), why);
            }
        }

        /** Reads the file; its modified time is taken first, so a write racing with the read is read again later. */
        private Base read() {
            FileTime modified;
            byte[] bytes;
            try {
                modified = Files.getLastModifiedTime(file);
                try (InputStream in = Files.newInputStream(file)) {
                    bytes = in.readNBytes(MAX_BYTES + 1);
                }
            } catch (IOException e) {
                throw new SimulatedCalendarException(e, "calendar.unreadable", file.toString(),
                        e.getClass().getSimpleName());
            }
            String text = new String(bytes, 0, Math.min(bytes.length, MAX_BYTES), StandardCharsets.UTF_8)
                    .replace("\uFEFF", "").strip();
            if (bytes.length > MAX_BYTES) {
                throw new SimulatedCalendarException(null, "calendar.unparseable", file.toString(),
                        text.substring(0, Math.min(text.length(), 40)) + "…");
            }
            OffsetDateTime start;
            try {
                start = OffsetDateTime.parse(text);
            } catch (DateTimeException e) {
                throw new SimulatedCalendarException(e, "calendar.unparseable", file.toString(), text);
            }
            if (start.isBefore(EARLIEST) || !start.isBefore(LATEST)) {
                throw new SimulatedCalendarException(null, "calendar.out-of-range", file.toString(), text);
            }
            return new Base(start, modified);
        }
    }
}
