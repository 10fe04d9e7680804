package org.archivesync.deploy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * POSIX signals Java has no API for: SIGSTOP freezes a process as a hung machine would (its sockets stay open, it
 * answers nothing), SIGCONT lets it go on. Sent with {@code /bin/kill}, to processes of this account only. SIGKILL
 * needs no helper ({@link ProcessHandle#destroyForcibly()}).
 */
final class Signals {

    /** A signal this class sends. */
    enum Signal {
        STOP, CONT
    }

    private Signals() {
    }

    /**
     * Sends {@code signal} to every pid in one {@code kill} command, so they receive it together.
     *
     * @param pids never null; an empty collection does nothing
     * @throws LocalStackException when {@code kill} cannot run or fails, or none of the processes exists any more (some
     *                             of several being gone, e.g. a backend that just ended, is fine)
     */
    static void send(Signal signal, Collection<Long> pids) {
        if (pids.isEmpty()) {
            return;
        }
        List<String> command = new ArrayList<>(List.of("kill", "-s", signal.name()));
        pids.forEach(p -> command.add(Long.toString(p)));
        try {
            Process kill = new ProcessBuilder(command).redirectErrorStream(true).start();
            kill.getOutputStream().close();
            if (!kill.waitFor(10, TimeUnit.SECONDS)) {
                kill.destroyForcibly();
                throw new LocalStackException("kill -s " + signal + " did not finish");
            }
            if (kill.exitValue() != 0) {
                String out = new String(kill.getInputStream().readAllBytes()).strip();
                List<String> errors = out.lines().filter(l -> !l.isBlank()).toList();
                // A backend that ended since the pids were listed is fine, as long as some process got the signal.
                boolean onlyGone = !errors.isEmpty() && errors.stream().allMatch(l -> l.contains("No such process"));
                if (!onlyGone || errors.size() >= pids.size()) {
                    throw new LocalStackException("kill -s " + signal + " " + pids + " failed: " + out);
                }
            }
        } catch (IOException e) {
            throw new LocalStackException("cannot run kill -s " + signal + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalStackException("interrupted while sending " + signal, e);
        }
    }

    /** The pid of a process, then those of every process it started. */
    static List<Long> withDescendants(ProcessHandle process) {
        List<Long> pids = new ArrayList<>();
        pids.add(process.pid());
        process.descendants().forEach(d -> pids.add(d.pid()));
        return pids;
    }
}
