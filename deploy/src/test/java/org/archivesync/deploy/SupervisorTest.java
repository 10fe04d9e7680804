package org.archivesync.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The local stack's supervisor against real child processes killed with SIGKILL. */
class SupervisorTest {

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final AtomicReference<Process> child = new AtomicReference<>();

    @AfterEach
    void killChild() {
        Process p = child.get();
        if (p != null) {
            p.destroyForcibly();
        }
    }

    @Test
    void aKilledProcessIsSaidAndRestarted() throws Exception {
        child.set(start("sleep", "60"));
        long killed = child.get().pid();
        Supervisor supervisor = new Supervisor(List.of(component(() -> child.set(start("sleep", "60")))),
                (c, m) -> lines.add(c + ": " + m), Duration.ofMillis(50), 3, Duration.ofMinutes(10));

        supervisor.check(0);
        assertThat(lines).isEmpty();
        child.get().destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        supervisor.check(0);

        assertThat(child.get().pid()).isNotEqualTo(killed);
        assertThat(child.get().isAlive()).isTrue();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).isEqualTo("hub: stopped unexpectedly (pid " + killed + " is gone); restarting");
        assertThat(lines.get(1)).startsWith("hub: restarted in ").endsWith("(pid " + child.get().pid() + ")");
    }

    @Test
    void aComponentThatKeepsDyingIsLeftDownAfterItsRestarts() throws Exception {
        child.set(start("true"));
        child.get().waitFor(10, TimeUnit.SECONDS);
        Supervisor supervisor = new Supervisor(List.of(component(() -> child.set(start("true")))),
                (c, m) -> lines.add(c + ": " + m), Duration.ofMillis(50), 2, Duration.ofMinutes(10));

        for (int i = 0; i < 5; i++) {
            child.get().waitFor(10, TimeUnit.SECONDS);
            supervisor.check(0);
        }

        assertThat(lines).filteredOn(l -> l.endsWith("restarting")).hasSize(2);
        assertThat(lines).filteredOn(l -> l.contains("stays down")).singleElement()
                .satisfies(l -> assertThat(l).contains("2 restarts in the last 10 minutes"));
    }

    @Test
    void theWatchingThreadNoticesWithinItsIntervalAndAStoppedOneNoLonger() throws Exception {
        child.set(start("sleep", "60"));
        try (Supervisor supervisor = new Supervisor(List.of(component(() -> child.set(start("sleep", "60")))),
                (c, m) -> lines.add(c + ": " + m), Duration.ofMillis(50), 3, Duration.ofMinutes(10)).start()) {
            child.get().destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (lines.stream().noneMatch(l -> l.contains("restarted in")) && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertThat(lines).anySatisfy(l -> assertThat(l).contains("restarted in"));
            supervisor.stop();
            Process restarted = child.get();
            restarted.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            // Stopped: the thread has ended, so nothing can restart the stack while it is being stopped on purpose.
            assertThat(lines).filteredOn(l -> l.endsWith("restarting")).hasSize(1);
            assertThat(child.get()).isSameAs(restarted);
        }
    }

    private Supervisor.Component component(Runnable restart) {
        return new Supervisor.Component("hub", () -> child.get() == null ? 0 : child.get().pid(), restart);
    }

    private static Process start(String... command) {
        try {
            return new ProcessBuilder(command).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
