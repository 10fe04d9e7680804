package org.archivesync.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The agent's command line is killed with SIGKILL while it imports a large mục lục (its one write transaction open,
 * the SQLite write-ahead log growing), with the office's service running and publishing beside it. The import is
 * one transaction: the store must hold none of it (or all, had it committed just before), never part. The clerk runs
 * the same import again; every file is then recorded once, published and applied once.
 *
 * <p>Figures: when the kill landed, how long the import that was run again took, time to converge after it.
 */
final class AgentKilledMidImport implements ChaosScenario {

    private static final int ROWS = 20_000;

    @Override
    public String name() {
        return "agent-killed-mid-import";
    }

    @Override
    public boolean fast() {
        return true;
    }

    @Override
    public ChaosOutcome run(ChaosStack stack) throws Exception {
        ChaosOffice office = stack.office(stack.offices().size() > 2 ? 2 : 0);
        AgentProcess agent = office.agent();
        Path csv = office.writeList(ROWS);
        List<String> importArgs = List.of("import", csv.toString(), "--fonds", office.fonds(), "--clerk",
                ChaosOffice.CLERK);
        int before = office.storeFiles().size();
        Path wal = agent.store().resolveSibling(agent.store().getFileName() + "-wal");
        long walBefore = size(wal);

        long start = System.nanoTime();
        Process cli = agent.startCli(importArgs);
        boolean killed = false;
        long deadline = start + Duration.ofMinutes(3).toNanos();
        while (cli.isAlive() && System.nanoTime() < deadline) {
            // The write transaction is open once the log grows past what one small commit writes.
            if (size(wal) > walBefore + 512 * 1024) {
                cli.destroyForcibly();   // SIGKILL on Linux
                killed = true;
                break;
            }
            Pause.millis(2);
        }
        if (!killed) {
            cli.destroyForcibly();
            throw new ChaosFailure("never saw the import's transaction open (exit " + (cli.isAlive() ? "none"
                    : cli.exitValue()) + "); the log did not grow");
        }
        cli.waitFor(30, TimeUnit.SECONDS);
        Duration killedAfter = Duration.ofNanos(System.nanoTime() - start);
        int after = office.storeFiles().size();
        stack.say("chaos", "import of %,d rows killed (SIGKILL) after %.1f s with its transaction open; the store "
                + "holds %,d of its files", ROWS, killedAfter.toMillis() / 1000.0, after - before);
        if (after != before && after != before + ROWS) {
            throw new ChaosFailure("half an import is recorded: " + (after - before) + " of " + ROWS + " files");
        }

        long again = System.nanoTime();
        AgentProcess.CliResult result = agent.cli(importArgs, Duration.ofMinutes(5));
        Duration rerun = Duration.ofNanos(System.nanoTime() - again);
        if (result.exitCode() != 0) {
            throw new ChaosFailure("the import run again failed (exit " + result.exitCode() + "): "
                    + result.summary());
        }
        int adopted = office.adoptImported();
        if (office.storeFiles().size() != before + ROWS || adopted != ROWS) {
            throw new ChaosFailure("after the import was run again the store holds " + (office.storeFiles().size()
                    - before) + " of the " + ROWS + " files");
        }
        Duration converged = ChaosInvariants.awaitConverged(stack, Duration.ofMinutes(3));
        return ChaosOutcome.builder()
                .seconds("killed after", killedAfter)
                .seconds("import run again", rerun)
                .seconds("converged after it", converged)
                .build();
    }

    private static long size(Path file) {
        try {
            return Files.exists(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            return 0;
        }
    }
}
