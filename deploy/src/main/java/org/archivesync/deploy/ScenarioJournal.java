package org.archivesync.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Which demo steps an office has done, in {@code scenario.done} next to its store: one line per step, written after
 * the agent recorded it. A restarted demo skips what is listed here, so it records nothing twice. The steps are also
 * safe to repeat when this file missed one (a crash right after the agent's commit): the ids are fixed, so a handover,
 * a destruction or a seal that is already recorded is refused by the agent, and the demo takes that refusal as done.
 */
final class ScenarioJournal {

    private final Path file;
    private final Set<String> done = new HashSet<>();

    ScenarioJournal(Path file) {
        this.file = file;
        try {
            if (Files.exists(file)) {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    int tab = line.indexOf('\t');
                    if (tab > 0) {
                        done.add(line.substring(0, tab));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    boolean done(String step) {
        return done.contains(step);
    }

    /** Records a step as done, durably (fsync), with what the agent answered. */
    void markDone(String step, String detail) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            String line = step + "\t" + Instant.now() + "\t" + detail.replace('\n', ' ') + "\n";
            channel.write(StandardCharsets.UTF_8.encode(line));
            channel.force(true);
            done.add(step);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    boolean allDone(List<String> steps) {
        return done.containsAll(steps);
    }
}
