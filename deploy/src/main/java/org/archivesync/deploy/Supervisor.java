package org.archivesync.deploy;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Watches the local stack's child processes (broker, hub, agents) and restarts one that died: a hub killed with
 * SIGKILL used to go unnoticed while the demo kept saying "running". Each death is said on the component's console line
 * with its pid, then the restart and how long it took; a component that dies {@code maxRestarts} times within
 * {@code window} is left down and said so, rather than restarted in a loop. One daemon thread polls every
 * {@code interval}; {@link #stop} before stopping the components on purpose.
 */
final class Supervisor implements AutoCloseable {

    /**
     * One watched process.
     *
     * @param label   the console's component label ("hub", "kafka", "agent CM.X")
     * @param pid     the current process id, read at each check (it changes with each restart); 0 or less when none
     * @param restart starts it again and returns when it is ready; throws when it could not
     */
    record Component(String label, LongSupplier pid, Runnable restart) {
    }

    private final List<Component> components;
    private final DemoScenario.Console console;
    private final Duration interval;
    private final int maxRestarts;
    private final Duration window;
    private final List<Deque<Long>> restarts = new ArrayList<>();
    private final List<Boolean> givenUp = new ArrayList<>();
    private volatile boolean stopped;
    private Thread thread;

    Supervisor(List<Component> components, DemoScenario.Console console, Duration interval, int maxRestarts,
               Duration window) {
        this.components = List.copyOf(components);
        this.console = console;
        this.interval = interval;
        this.maxRestarts = maxRestarts;
        this.window = window;
        for (int i = 0; i < this.components.size(); i++) {
            restarts.add(new ArrayDeque<>());
            givenUp.add(false);
        }
    }

    /** Starts watching in a daemon thread. */
    synchronized Supervisor start() {
        thread = new Thread(this::watch, "demo-supervisor");
        thread.setDaemon(true);
        thread.start();
        return this;
    }

    /** Stops watching (waits for a restart in progress to end); safe to call twice. */
    void stop() {
        stopped = true;
        Thread t;
        synchronized (this) {
            t = thread;
        }
        if (t != null && t != Thread.currentThread()) {
            t.interrupt();
            try {
                t.join(TimeUnit.MINUTES.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() {
        stop();
    }

    private void watch() {
        while (!stopped) {
            try {
                Thread.sleep(interval.toMillis());
            } catch (InterruptedException e) {
                return;
            }
            for (int i = 0; i < components.size() && !stopped; i++) {
                check(i);
            }
        }
    }

    /** One look at component {@code i}: restarted when its process is gone, unless given up. */
    void check(int i) {
        Component c = components.get(i);
        long pid = c.pid().getAsLong();
        if (givenUp.get(i) || pid > 0 && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            return;
        }
        long now = System.nanoTime();
        Deque<Long> recent = restarts.get(i);
        while (!recent.isEmpty() && now - recent.peekFirst() > window.toNanos()) {
            recent.removeFirst();
        }
        if (recent.size() >= maxRestarts) {
            givenUp.set(i, true);
            console.line(c.label(), String.format("stopped unexpectedly again (pid %d); %d restarts in the last %d "
                    + "minutes, so it stays down: read its log, then run the demo again", pid, recent.size(),
                    window.toMinutes()));
            return;
        }
        recent.addLast(now);
        console.line(c.label(), "stopped unexpectedly (pid " + pid + " is gone); restarting");
        long started = System.nanoTime();
        try {
            c.restart().run();
            console.line(c.label(), String.format("restarted in %.1f s (pid %d)", (System.nanoTime() - started) / 1e9,
                    c.pid().getAsLong()));
        } catch (RuntimeException e) {
            console.line(c.label(), "restart failed: " + Optional.ofNullable(e.getMessage()).orElse(e.toString()));
        }
    }
}
