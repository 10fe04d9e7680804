package org.archivesync.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The hub's embedded PostgreSQL runs as its own server process ({@code pg_ctl start}); when the hub JVM dies without
 * its shutdown hook ({@code kill -9}, power loss of the JVM only), that server stays up and holds the data directory,
 * and the next hub cannot start ({@code lock file "postmaster.pid" already exists}). This finds such a server through
 * {@code postmaster.pid} and shuts it down, so a restart works as after a clean stop.
 *
 * <p>Only a live process whose command line is a {@code postgres} server on this very data directory is touched.
 */
final class OrphanPostgres {

    private OrphanPostgres() {
    }

    /** The server process holding {@code dataDir}, if one is running. */
    static Optional<ProcessHandle> find(Path dataDir) {
        Path pidFile = dataDir.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return Optional.empty();
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return Optional.empty();
        }
        if (lines.isEmpty()) {
            return Optional.empty();
        }
        long pid;
        try {
            pid = Long.parseLong(lines.get(0).trim());
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        String dir = dataDir.toAbsolutePath().normalize().toString();
        return ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                .filter(p -> p.info().commandLine()
                        .map(c -> c.contains("postgres") && c.contains(dir))
                        .orElse(false));
    }

    /**
     * Shuts down the server holding {@code dataDir}: SIGTERM (PostgreSQL's smart shutdown, quick once its client is
     * gone), SIGKILL after the timeout (the next start then runs crash recovery from the WAL).
     *
     * @return the pid of the server that was stopped, or empty when none was running
     */
    static Optional<Long> stop(Path dataDir, Duration timeout) {
        Optional<ProcessHandle> server = find(dataDir);
        server.ifPresent(p -> {
            p.destroy();
            if (!exited(p, timeout)) {
                p.destroyForcibly();
                exited(p, Duration.ofSeconds(10));
            }
        });
        return server.map(ProcessHandle::pid);
    }

    private static boolean exited(ProcessHandle p, Duration timeout) {
        try {
            p.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | TimeoutException e) {
            return false;
        }
    }
}
