package org.archivesync.agent.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import org.archivesync.agent.importer.ImportBench;
import org.archivesync.agent.importer.ImportOptions;
import org.archivesync.agent.importer.SheetImporter;
import org.archivesync.agent.recording.Command;
import org.archivesync.agent.recording.PackBox;
import org.archivesync.agent.recording.Recorder;
import org.archivesync.agent.recording.RegisterFonds;
import org.archivesync.agent.sheetimport.ImportOutcome;
import org.archivesync.agent.sheetimport.SheetImport;
import org.archivesync.agent.store.AgentStore;
import org.archivesync.agent.testing.TestSite;

/**
 * Not a test. The whole import of a generated 100,000-row file list as the CLI runs it: parse, check against the
 * store, and record every valid row in ONE transaction (one signature); then the same sheet again (nothing changed,
 * no event) and a dry run. Prints rows/s and peak heap per run. Run it with {@code -Xmx256m}; the command and figures
 * are in site-agent/IMPORT.md.
 *
 * <p>Arguments: [rows]; default 100000. The sheet is {@code ImportBench}'s, kept in target/bench.
 */
public final class ImportAndRecordBench {

    private ImportAndRecordBench() {
    }

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        Path sheet = Path.of("target", "bench", "muc-luc-" + rows + ".xlsx");
        if (!Files.exists(sheet)) {
            ImportBench.generate(sheet, rows);
        }
        System.out.printf(Locale.ROOT, "java %s, max heap %d MB, %d processors, load average %.1f; sheet %s (%,d bytes)%n",
                System.getProperty("java.version"), Runtime.getRuntime().maxMemory() >> 20,
                Runtime.getRuntime().availableProcessors(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), sheet, Files.size(sheet));

        TestSite site = TestSite.create("CM.CAINUOC.UBND");
        ImportOptions options = ImportOptions.defaults().withFonds("CAINUOC-UBND").withProgressEvery(10_000);
        SheetImporter parser = new SheetImporter(SheetImport.defaultLimits());
        timed("parse only, cold JVM (no recording)", () -> parser.read(sheet, options, (fonds, box) -> true, null).report().rowsRead());

        Path db = office(rows);
        AgentStore store = AgentStore.open(db);
        Recorder recorder = new Recorder(store, site.identity(), Clock.systemUTC(), "bench");
        SheetImport sheetImport = new SheetImport(new SheetImporter(SheetImport.defaultLimits()), recorder);
        run("first import (records)", () -> sheetImport.run(sheet, options, false, null));
        run("same sheet again", () -> sheetImport.run(sheet, options, false, null));
        run("dry run", () -> sheetImport.run(sheet, options, true, null));
        store.checkpoint();
        System.out.printf(Locale.ROOT, "SQLite file %,d bytes%n", Files.size(db));
        store.close();

        AgentStore fresh = AgentStore.open(office(rows));
        SheetImport again = new SheetImport(new SheetImporter(SheetImport.defaultLimits()),
                new Recorder(fresh, site.identity(), Clock.systemUTC(), "bench"));
        run("first import into a fresh store, warm JVM", () -> again.run(sheet, options, false, null));
        fresh.close();
        timed("parse only, warm JVM (no recording)", () -> parser.read(sheet, options, (fonds, box) -> true, null).report().rowsRead());
    }

    /** A fresh store with the fonds and the boxes the sheet names. */
    private static Path office(int rows) throws Exception {
        Path db = Files.createTempDirectory(Files.createDirectories(Path.of("target", "bench")), "import-")
                .resolve("agent.sqlite");
        try (AgentStore store = AgentStore.open(db)) {
            Recorder recorder = new Recorder(store, TestSite.create("CM.CAINUOC.UBND").identity(), Clock.systemUTC(),
                    "bench");
            List<Command> office = new ArrayList<>();
            office.add(new RegisterFonds("CAINUOC-UBND", "Phông UBND huyện Cái Nước", "UBND huyện Cái Nước", null,
                    null, null, false));
            for (int box = 1; box <= rows / 40 + 1; box++) {
                office.add(new PackBox("H-" + box, "CAINUOC-UBND", null, new BigDecimal("0.10")));
            }
            recorder.recordAll(office);
        }
        return db;
    }

    interface Parse {
        long run() throws Exception;
    }

    private static void timed(String name, Parse work) throws Exception {
        System.gc();
        long cpu = processCpuNanos();
        long start = System.nanoTime();
        long rows = work.run();
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "%s: %,d rows in %.2f s = %,.0f rows/s (process CPU %.2f s)%n", name, rows,
                seconds, rows / seconds, (processCpuNanos() - cpu) / 1e9);
    }

    /** CPU time of this JVM, all threads (GC included): with other builds on the machine, wall time says less. */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static long gcMillis() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream().mapToLong(b -> Math.max(0, b.getCollectionTime())).sum();
    }

    interface Import {
        ImportOutcome run() throws Exception;
    }

    private static void run(String name, Import work) throws Exception {
        System.gc();
        List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(pool -> pool.getType() == MemoryType.HEAP).toList();
        heap.forEach(MemoryPoolMXBean::resetPeakUsage);
        AtomicLong sampled = new AtomicLong();
        Thread sampler = new Thread(() -> {
            Runtime runtime = Runtime.getRuntime();
            while (!Thread.currentThread().isInterrupted()) {
                sampled.accumulateAndGet(runtime.totalMemory() - runtime.freeMemory(), Math::max);
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        sampler.setDaemon(true);
        sampler.start();
        long cpu = processCpuNanos();
        long gc = gcMillis();
        long start = System.nanoTime();
        ImportOutcome outcome = work.run();
        double cpuSeconds = (processCpuNanos() - cpu) / 1e9;
        double gcSeconds = (gcMillis() - gc) / 1e3;
        double seconds = (System.nanoTime() - start) / 1e9;
        sampler.interrupt();
        long poolPeaks = heap.stream().mapToLong(pool -> pool.getPeakUsage().getUsed()).sum();
        long rowsRead = outcome.report().rowsRead();
        System.out.printf(Locale.ROOT,
                "%s: %,d rows in %.2f s = %,.0f rows/s (process CPU %.2f s, GC %.2f s); valid %,d (secret stubs %,d), new %,d, updated %,d, "
                        + "unchanged %,d, refused %,d; events %s; peak heap used %d MB (sampled), %d MB (sum of pool "
                        + "peaks)%n",
                name, rowsRead, seconds, rowsRead / seconds, cpuSeconds, gcSeconds, outcome.report().rowsValid(),
                outcome.report().withheldSecretRows(), outcome.filesNew(), outcome.filesUpdated(),
                outcome.filesUnchanged(), outcome.filesRefused(),
                outcome.recorded() == null ? "none" : outcome.recorded().firstSequence() + ".."
                        + outcome.recorded().lastSequence() + " (" + outcome.recorded().count() + ", one signature)",
                sampled.get() >> 20, poolPeaks >> 20);
    }
}
