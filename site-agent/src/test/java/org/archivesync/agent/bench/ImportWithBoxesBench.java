package org.archivesync.agent.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import org.archivesync.agent.importer.ImportOptions;
import org.archivesync.agent.importer.SheetImporter;
import org.archivesync.agent.importer.TestSheets;
import org.archivesync.agent.recording.Recorder;
import org.archivesync.agent.recording.RegisterFonds;
import org.archivesync.agent.sheetimport.ImportOutcome;
import org.archivesync.agent.sheetimport.SheetImport;
import org.archivesync.agent.store.AgentStore;
import org.archivesync.agent.testing.TestSite;

/**
 * Not a test. The import issue 16 asks for: a generated 100,000-row mục lục (title block, header repeated every 40
 * rows with its column-number row, a heading every 1,000 rows, a totals and a closing line) naming 2,500 boxes that do
 * not exist yet, imported with {@code --create-boxes} into a fresh store: parse, pack the 2,500 boxes and record the
 * 100,000 files in ONE transaction, one signature. Prints rows/s, total seconds, peak heap and the load average
 * (/proc/loadavg) before and after. Goal: under 10 s on an idle machine at {@code -Xmx256m}.
 *
 * <p>Legacy retention values ("Lâu dài") are left out until the agent store accepts them (its retention CHECK).
 *
 * <p>Run from site-agent/, after {@code ./mvnw -B -o -pl site-agent -am test-compile} at the root (the reactor's
 * schemas classes go first: the local repository's schemas jar may be older):
 * <pre>
 * ../mvnw -B -o -q dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -Xmx256m -cp target/test-classes:target/classes:../schemas/target/classes:$(cat target/cp.txt) \
 *      org.archivesync.agent.bench.ImportWithBoxesBench [rows]
 * </pre>
 * The sheet is kept in target/bench.
 */
public final class ImportWithBoxesBench {

    private static final String FONDS = "CM.TVT.UBND";

    private ImportWithBoxesBench() {
    }

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        Path sheet = Path.of("target", "bench", "muc-luc-hop-" + rows + ".xlsx");
        if (!Files.exists(sheet)) {
            Files.createDirectories(sheet.getParent());
            long start = System.nanoTime();
            generate(sheet, rows);
            System.out.printf(Locale.ROOT, "generated %s: %,d rows, %,d boxes, %,d bytes in %.1f s%n", sheet, rows,
                    (rows + 39) / 40, Files.size(sheet), (System.nanoTime() - start) / 1e9);
        }
        System.out.printf(Locale.ROOT, "java %s, max heap %d MB, %d processors; load average before: %s%n",
                System.getProperty("java.version"), Runtime.getRuntime().maxMemory() >> 20,
                Runtime.getRuntime().availableProcessors(), loadAverage());

        TestSite site = TestSite.create("CM.TVT.UBND");
        Path db = Files.createTempDirectory(Files.createDirectories(Path.of("target", "bench")), "import-boxes-")
                .resolve("agent.sqlite");
        try (AgentStore store = AgentStore.open(db)) {
            Recorder recorder = new Recorder(store, site.identity(), Clock.systemUTC(), "bench");
            recorder.registerFonds(new RegisterFonds(FONDS, "Phông UBND huyện Trần Văn Thời",
                    "UBND huyện Trần Văn Thời", null, null, null, false));
            SheetImport sheetImport = new SheetImport(new SheetImporter(SheetImport.defaultLimits()), recorder);
            ImportOptions options = ImportOptions.defaults().withFonds(FONDS).withProgressEvery(10_000)
                    .withCreateBoxes(true, null);
            run(() -> sheetImport.run(sheet, options, false, null));
        }
        System.out.printf(Locale.ROOT, "load average after: %s%n", loadAverage());
    }

    /** 40 files a box, a heading every 1,000 files, the same 5,000 references in each year. */
    static void generate(Path sheet, int rows) {
        TestSheets.MucLuc list = TestSheets.mucLuc().pageRows(40);
        int perHeading = 1_000;
        for (int from = 0; from < rows; from += perHeading) {
            int first = from;
            list.heading((from / perHeading + 1) + ". Nhóm hồ sơ " + (from / perHeading + 1));
            list.files(Math.min(perHeading, rows - from), i -> {
                int n = first + i;
                return new Object[] {String.format(Locale.ROOT, "H%04d", n / 40 + 1), n + 1,
                        String.format(Locale.ROOT, "%04d.TH", n % 5_000 + 1),
                        "Hồ sơ về việc giải quyết công việc số " + (n + 1), Integer.toString(2000 + n / 5_000), null,
                        10 + n % 90, n % 7 == 0 ? "10" : "Vĩnh viễn",
                        null, null};
            });
        }
        list.closing("Tổng cộng: " + rows + " hồ sơ")
                .closing("Mục lục này gồm " + rows + " hồ sơ, đánh số từ 1 đến " + rows)
                .write(sheet);
    }

    interface Import {
        ImportOutcome run() throws Exception;
    }

    private static void run(Import work) throws Exception {
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
        long cpu = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
        long start = System.nanoTime();
        ImportOutcome outcome = work.run();
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpuSeconds = (((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() - cpu) / 1e9;
        sampler.interrupt();
        long poolPeaks = heap.stream().mapToLong(pool -> pool.getPeakUsage().getUsed()).sum();
        long rowsRead = outcome.report().rowsRead();
        System.out.printf(Locale.ROOT,
                "import with --create-boxes: %,d rows read (%,d files valid, %,d problems; skipped %s) in %.2f s = "
                        + "%,.0f rows/s (process CPU %.2f s); boxes created %,d; files new %,d; events %s; peak heap used %d MB (sampled), "
                        + "%d MB (sum of pool peaks)%n",
                rowsRead, outcome.report().rowsValid(), outcome.report().problems().size(), outcome.report().skipped(),
                seconds, rowsRead / seconds, cpuSeconds, outcome.boxesCreated().size(), outcome.filesNew(),
                outcome.recorded() == null ? "none" : outcome.recorded().firstSequence() + ".."
                        + outcome.recorded().lastSequence() + " (" + outcome.recorded().count() + ", one signature)",
                sampled.get() >> 20, poolPeaks >> 20);
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (Exception e) {
            return String.format(Locale.ROOT, "%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
    }
}
