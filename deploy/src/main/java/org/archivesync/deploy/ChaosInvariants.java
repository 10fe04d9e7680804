package org.archivesync.deploy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What must hold after every chaos scenario, read from the real stores: each office's SQLite outbox and the hub's
 * PostgreSQL catalogue.
 * <ol>
 *   <li>every office published everything (its backlog is 0) and the hub's cursor is at its last recorded event;</li>
 *   <li>the catalogue's event log holds each of the office's events exactly once: sequences 1..n, no gap, no
 *       duplicate (the table's key is site + sequence, and the count equals the highest sequence), with the same
 *       chain hash as the office's outbox;</li>
 *   <li>the catalogue's files of the office are exactly the ones recorded through the harness (title, box, sheets)
 *       and it has the office's boxes;</li>
 *   <li>nothing is parked, and no office is quarantined, unless the scenario says it should be.</li>
 * </ol>
 */
final class ChaosInvariants {

    private ChaosInvariants() {
    }

    /**
     * Waits until every office has converged (1.), then checks 2.–4.
     *
     * @param quarantined sites the scenario expects to be quarantined; never null
     * @return how long it took to converge, from the call
     * @throws ChaosFailure when it does not converge within {@code timeout}, or when 2.–4. do not hold
     */
    static Duration awaitConverged(ChaosStack stack, Duration timeout, Set<String> quarantined) throws Exception {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        List<String> behind;
        while (true) {
            behind = behind(stack);
            if (behind.isEmpty()) {
                break;
            }
            if (System.nanoTime() > deadline) {
                throw new ChaosFailure("not converged within " + timeout.toSeconds() + " s: " + String.join("; ",
                        behind));
            }
            Pause.millis(250);
        }
        Duration converged = Duration.ofNanos(System.nanoTime() - start);
        check(stack, quarantined);
        return converged;
    }

    /** {@link #awaitConverged(ChaosStack, Duration, Set)} expecting no quarantined office. */
    static Duration awaitConverged(ChaosStack stack, Duration timeout) throws Exception {
        return awaitConverged(stack, timeout, Set.of());
    }

    /** The offices not yet converged, each with why; empty when all are. Unreachable parts count as not converged. */
    private static List<String> behind(ChaosStack stack) {
        List<String> behind = new ArrayList<>();
        for (ChaosOffice office : stack.offices()) {
            try {
                AgentProcess.Status s = office.agent().status();
                long cursor = stack.number("SELECT coalesce(max(last_sequence), 0) FROM site_cursors "
                        + "WHERE site_code = ?", office.site());
                if (s.backlog() != 0 || cursor != s.lastRecorded()) {
                    behind.add(office.site() + ": recorded " + s.lastRecorded() + ", published " + s.lastPublished()
                            + ", backlog " + s.backlog() + ", hub cursor " + cursor);
                }
            } catch (RuntimeException | SQLException e) {
                behind.add(office.site() + ": " + e.getClass().getSimpleName() + " " + e.getMessage());
            }
        }
        return behind;
    }

    private static void check(ChaosStack stack, Set<String> quarantined) throws Exception {
        try (Connection catalogue = stack.catalogue()) {
            for (ChaosOffice office : stack.offices()) {
                String site = office.site();
                Map<Long, String> outbox = office.outboxHashes();
                long n = outbox.size();
                if (n == 0 || outbox.keySet().iterator().next() != 1L
                        || ((TreeMap<Long, String>) outbox).lastKey() != n) {
                    throw new ChaosFailure(site + ": the office's outbox is not gapless from 1 (" + n + " events)");
                }
                long[] counts = row(catalogue, "SELECT count(*), min(sequence), max(sequence) FROM events "
                        + "WHERE site_code = ?", site);
                if (counts[0] != n || counts[1] != 1 || counts[2] != n) {
                    throw new ChaosFailure(String.format("%s: the catalogue holds %d events (%d..%d), the office "
                            + "recorded %d: not exactly once", site, counts[0], counts[1], counts[2], n));
                }
                Map<Long, String> held = eventHashes(catalogue, site);
                if (!held.equals(outbox)) {
                    long first = outbox.keySet().stream().filter(k -> !outbox.get(k).equals(held.get(k)))
                            .findFirst().orElse(-1L);
                    throw new ChaosFailure(site + ": the catalogue's chain differs from the office's from sequence "
                            + first);
                }
                Map<String, String> files = files(catalogue, site);
                Map<String, String> recorded = office.recordedFiles();
                if (!files.equals(recorded)) {
                    throw new ChaosFailure(String.format("%s: the catalogue has %d files, the office recorded %d "
                            + "(first difference: %s)", site, files.size(), recorded.size(), firstDifference(files,
                            recorded)));
                }
                long boxes = row(catalogue, "SELECT count(*) FROM boxes WHERE site_code = ?", site)[0];
                if (boxes != ChaosOffice.BOXES) {
                    throw new ChaosFailure(site + ": " + boxes + " boxes in the catalogue, " + ChaosOffice.BOXES
                            + " packed");
                }
            }
            long parked = row(catalogue, "SELECT count(*) FROM parked_events", null)[0];
            if (parked != 0) {
                throw new ChaosFailure(parked + " events still parked");
            }
            Set<String> inQuarantine = new java.util.TreeSet<>();
            try (PreparedStatement s = catalogue.prepareStatement("SELECT site_code FROM quarantine");
                 ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    inQuarantine.add(rs.getString(1));
                }
            }
            if (!inQuarantine.equals(quarantined)) {
                throw new ChaosFailure("quarantined: " + inQuarantine + ", expected: " + quarantined);
            }
        }
    }

    private static String firstDifference(Map<String, String> a, Map<String, String> b) {
        for (String key : new java.util.TreeSet<>(union(a, b))) {
            if (!java.util.Objects.equals(a.get(key), b.get(key))) {
                return key + " catalogue=" + a.get(key) + " office=" + b.get(key);
            }
        }
        return "none";
    }

    private static Set<String> union(Map<String, String> a, Map<String, String> b) {
        Set<String> keys = new java.util.HashSet<>(a.keySet());
        keys.addAll(b.keySet());
        return keys;
    }

    private static Map<Long, String> eventHashes(Connection c, String site) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "SELECT sequence, hash FROM events WHERE site_code = ? ORDER BY sequence")) {
            s.setString(1, site);
            try (ResultSet rs = s.executeQuery()) {
                Map<Long, String> hashes = new TreeMap<>();
                while (rs.next()) {
                    hashes.put(rs.getLong(1), HexFormat.of().formatHex(rs.getBytes(2)));
                }
                return hashes;
            }
        }
    }

    private static Map<String, String> files(Connection c, String site) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "SELECT fonds_code, file_code, title, box_code, sheet_count FROM files WHERE site_code = ?")) {
            s.setString(1, site);
            try (ResultSet rs = s.executeQuery()) {
                Map<String, String> files = new TreeMap<>();
                while (rs.next()) {
                    files.put(rs.getString(1) + "/" + rs.getString(2),
                            rs.getString(3) + "|" + rs.getString(4) + "|" + rs.getInt(5));
                }
                return files;
            }
        }
    }

    private static long[] row(Connection c, String sql, String site) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            if (site != null) {
                s.setString(1, site);
            }
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                long[] values = new long[rs.getMetaData().getColumnCount()];
                for (int i = 0; i < values.length; i++) {
                    values[i] = rs.getLong(i + 1);
                }
                return values;
            }
        }
    }
}
