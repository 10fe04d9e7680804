package org.archivesync.agent.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.archivesync.agent.objectstore.ObjectStore;
import org.archivesync.agent.objectstore.StoredObject;

/**
 * Not a test. Hash + copy of 1 GB of scans (default 100 files of 10 MB) into the local object store, as the scan
 * watcher does it: SHA-256 of the source streamed (the key needs it), the source copied, the copy forced to disk, read
 * back and compared with that hash, renamed to its key. Timed against {@code sha256sum} of the same files in the same
 * run (before and after, so both see the same page cache), and against a plain Java SHA-256 pass. Command and figures in site-agent/IMPORT.md.
 *
 * <p>Arguments: [files] [megabytes each]; defaults 100 and 10. The scans are kept in target/bench; the copies are
 * deleted at the end.
 */
public final class ScanCopyBench {

    private ScanCopyBench() {
    }

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        int megabytes = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        Path scans = Path.of("target", "bench", "scans-" + count + "x" + megabytes + "MB").toAbsolutePath();
        List<Path> files = generate(scans, count, megabytes);
        double totalMb = (double) count * megabytes;
        System.out.printf(Locale.ROOT, "java %s, %d processors, load average %.1f; %d files x %d MB = %.0f MB in %s%n",
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), count, megabytes, totalMb, scans);

        Map<String, String> reference = new HashMap<>();
        double sumBefore = sha256sum(files, reference);
        System.out.printf(Locale.ROOT, "sha256sum (before):          %6.2f s = %6.0f MB/s%n", sumBefore, totalMb / sumBefore);

        double javaHash = javaHash(files, reference);
        System.out.printf(Locale.ROOT, "Java SHA-256 only:           %6.2f s = %6.0f MB/s%n", javaHash, totalMb / javaHash);

        Path objects = Files.createTempDirectory(scans.getParent(), "objects-");
        ObjectStore store = ObjectStore.local(objects);
        long start = System.nanoTime();
        for (Path file : files) {
            byte[] sha = ObjectStore.sha256(file);
            StoredObject stored = store.put(file, "application/pdf", "BENCH/" + HexFormat.of().formatHex(sha) + ".pdf",
                    sha);
            if (!HexFormat.of().formatHex(stored.sha256()).equals(reference.get(file.getFileName().toString()))) {
                throw new IllegalStateException("hash differs from sha256sum for " + file);
            }
        }
        double copy = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "hash + copy + fsync + verify: %6.2f s = %6.0f MB/s (hashes equal sha256sum's)%n",
                copy, totalMb / copy);

        double sumAfter = sha256sum(files, reference);
        System.out.printf(Locale.ROOT, "sha256sum (after):           %6.2f s = %6.0f MB/s%n", sumAfter, totalMb / sumAfter);
        try (Stream<Path> walk = Files.walk(objects)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static List<Path> generate(Path dir, int count, int megabytes) throws IOException {
        Files.createDirectories(dir);
        List<Path> files = new ArrayList<>();
        Random random = new Random(2025);
        byte[] block = new byte[1 << 20];
        for (int i = 1; i <= count; i++) {
            Path file = dir.resolve(String.format(Locale.ROOT, "scan-%03d.pdf", i));
            if (!Files.exists(file) || Files.size(file) != (long) megabytes << 20) {
                try (OutputStream out = Files.newOutputStream(file)) {
                    for (int m = 0; m < megabytes; m++) {
                        random.nextBytes(block);
                        out.write(block);
                    }
                }
            }
            files.add(file);
        }
        return files;
    }

    /** Runs {@code sha256sum} over all files in one process, records its hashes, returns seconds. */
    private static double sha256sum(List<Path> files, Map<String, String> hashes) throws Exception {
        List<String> command = new ArrayList<>(List.of("sha256sum"));
        files.forEach(f -> command.add(f.toString()));
        long start = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException("sha256sum failed: " + out);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        for (String line : out.split("\n")) {
            if (!line.isBlank()) {
                String[] parts = line.split("\\s+", 2);
                hashes.put(Path.of(parts[1].strip()).getFileName().toString(), parts[0]);
            }
        }
        return seconds;
    }

    private static double javaHash(List<Path> files, Map<String, String> reference) throws Exception {
        byte[] buffer = new byte[1 << 20];
        long start = System.nanoTime();
        for (Path file : files) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            try (InputStream in = Files.newInputStream(file)) {
                for (int n; (n = in.read(buffer)) > 0; ) {
                    digest.update(buffer, 0, n);
                }
            }
            if (!HexFormat.of().formatHex(digest.digest()).equals(reference.get(file.getFileName().toString()))) {
                throw new IllegalStateException("Java hash differs from sha256sum for " + file);
            }
        }
        return (System.nanoTime() - start) / 1e9;
    }
}
