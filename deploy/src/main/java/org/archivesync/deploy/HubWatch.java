package org.archivesync.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

/**
 * What the chaos scenarios read about a hub from outside: its readiness ({@code UP} for the leader, {@code STANDBY}
 * for a hot standby, {@code DOWN}) and the lines of its log that say a batch failed and is retried.
 */
final class HubWatch {

    /** The line {@code IngestErrorHandler} writes for each failed attempt of a batch or poll. */
    static final String RETRY_LINE = "failed, retrying";

    private HubWatch() {
    }

    /** The readiness status word ({@code UP}, {@code STANDBY}, {@code DOWN}), or {@code UNREACHABLE}. */
    static String readiness(HubProcess hub) {
        Http.Response r;
        try {
            r = Http.get(hub.url() + "/actuator/health/readiness", Duration.ofSeconds(5));
        } catch (RuntimeException e) {
            return "UNREACHABLE";
        }
        if (r.status() <= 0 || r.body().isEmpty()) {
            return "UNREACHABLE";
        }
        try {
            return r.json().path("status").asText("UNKNOWN");
        } catch (RuntimeException e) {
            return "UNKNOWN";
        }
    }

    /**
     * Waits until the hub's readiness says {@code status}.
     *
     * @return {@link System#nanoTime()} when it did
     * @throws ChaosFailure when it does not within {@code timeout}, or the hub died
     */
    static long awaitReadiness(HubProcess hub, String status, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last;
        do {
            if (!hub.isAlive()) {
                throw new ChaosFailure("the hub (pid " + hub.pid() + ") died; " + ChildJvm.tail(hub.logFile(), 6));
            }
            last = readiness(hub);
            if (last.equals(status)) {
                return System.nanoTime();
            }
            Pause.millis(100);
        } while (System.nanoTime() < deadline);
        throw new ChaosFailure("the hub's readiness is " + last + ", not " + status + ", " + timeout.toSeconds()
                + " s later");
    }

    /** How many retry lines ({@link #RETRY_LINE}) the log holds; 0 when there is no log yet. */
    static long retries(Path log) {
        if (!Files.exists(log)) {
            return 0;
        }
        try (Stream<String> lines = Files.lines(log, StandardCharsets.UTF_8)) {
            return lines.filter(l -> l.contains(RETRY_LINE)).count();
        } catch (IOException | java.io.UncheckedIOException e) {
            return 0;
        }
    }
}
