package org.archivesync.agent.cli;

import java.io.PrintStream;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.archivesync.agent.messages.AgentMessages;
import org.archivesync.agent.sheetimport.SheetImport;

/**
 * The import's progress on the console (stderr, so stdout keeps the report): a progress bar on a terminal, plain
 * lines otherwise — a redirected or piped CLI, a scheduled task — where a redrawn bar would only fill a log with
 * carriage returns.
 */
abstract class CliProgress implements SheetImport.Progress, AutoCloseable {

    /** {@code --progress}: a bar on a terminal and lines otherwise (auto), always a bar, always lines, or nothing. */
    enum Mode { AUTO, BAR, TEXT, NONE }

    static CliProgress open(Mode mode, PrintStream err, AgentMessages messages) {
        Mode chosen = mode == Mode.AUTO ? (System.console() != null ? Mode.BAR : Mode.TEXT) : mode;
        return switch (chosen) {
            case BAR -> new Bar(err, messages);
            case TEXT -> new Text(err, messages);
            default -> new Silent();
        };
    }

    @Override
    public void close() {
    }

    private static final class Silent extends CliProgress {
        @Override
        public void rowsRead(long rowsRead, long rowsValid) {
        }

        @Override
        public void filesRecorded(long done, long total) {
        }
    }

    /** The {@code progressbar} library; the reading has no known end, the recording has. */
    private static final class Bar extends CliProgress {
        private final PrintStream err;
        private final AgentMessages messages;
        private ProgressBar reading;
        private ProgressBar recording;

        Bar(PrintStream err, AgentMessages messages) {
            this.err = err;
            this.messages = messages;
        }

        @Override
        public void rowsRead(long rowsRead, long rowsValid) {
            if (reading == null) {
                reading = bar(messages.get("cli.import.progress.reading"), -1);
            }
            reading.stepTo(rowsRead);
            reading.setExtraMessage(messages.get("cli.import.progress.valid", rowsValid));
        }

        @Override
        public void filesRecorded(long done, long total) {
            if (reading != null) {
                reading.close();
                reading = null;
            }
            if (recording == null) {
                recording = bar(messages.get("cli.import.progress.recording"), total);
            }
            recording.stepTo(done);
        }

        private ProgressBar bar(String task, long max) {
            return new ProgressBarBuilder().setTaskName(task).setInitialMax(max).setStyle(ProgressBarStyle.ASCII)
                    .setUpdateIntervalMillis(200).setConsumer(new ConsoleProgressBarConsumer(err)).build();
        }

        @Override
        public void close() {
            if (reading != null) {
                reading.close();
            }
            if (recording != null) {
                recording.close();
            }
        }
    }

    /** One line per 10,000 rows read and per tenth of the recording. */
    private static final class Text extends CliProgress {
        private static final long ROWS_PER_LINE = 10_000;
        private final PrintStream err;
        private final AgentMessages messages;
        private long rowsShown = -1;
        private long lastRead = -1;
        private long lastValid;
        private int tenthsShown = -1;

        Text(PrintStream err, AgentMessages messages) {
            this.err = err;
            this.messages = messages;
        }

        @Override
        public void rowsRead(long rowsRead, long rowsValid) {
            lastRead = rowsRead;
            lastValid = rowsValid;
            if (rowsShown < 0 || rowsRead - rowsShown >= ROWS_PER_LINE) {
                showRows();
            }
        }

        private void showRows() {
            err.println(messages.get("cli.import.progress.rows", lastRead, lastValid));
            rowsShown = lastRead;
        }

        @Override
        public void filesRecorded(long done, long total) {
            if (lastRead >= 0 && rowsShown != lastRead) {
                showRows();
            }
            int tenths = total == 0 ? 10 : (int) (done * 10 / total);
            if (tenths > tenthsShown) {
                tenthsShown = tenths;
                String bar = "#".repeat(tenths) + ".".repeat(10 - tenths);
                err.println(messages.get("cli.import.progress.files", bar, tenths * 10, done, total));
            }
        }
    }
}
