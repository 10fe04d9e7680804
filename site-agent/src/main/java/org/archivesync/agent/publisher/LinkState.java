package org.archivesync.agent.publisher;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import org.apache.avro.Schema;
import org.archivesync.agent.messages.AgentMessages;
import org.archivesync.agent.store.AgentStore;
import org.archivesync.schemas.registry.SchemaRegistryClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the publisher learned about its link, kept in a file next to the store ({@code <store>.link.properties}) so
 * it outlives the process and the CLI's {@code status} can read it while the service runs:
 * <ul>
 *   <li>the schema registry's answers (the id of the site-event schema, the schemas of ids read on the cursor topic):
 *       an office restarted while the hub, and the registry it embeds, is down still publishes its backlog. An id
 *       never changes its schema, so a kept answer never goes stale;</li>
 *   <li>whether the registry answered the last time it was asked, apart from the broker (the outbox's delivery
 *       state), and when the hub was last heard (a cursor record: the hub re-publishes every cursor at least every
 *       heartbeat).</li>
 * </ul>
 * A file rather than a store table: the store's migrations belong to the recording side, and nothing here needs a
 * transaction with the outbox. Written whole to a temporary file and moved over the old one, so a reader never sees
 * half of it. Thread-safe. Failing to write is logged and otherwise ignored: the answers are asked again next time.
 */
public final class LinkState implements SchemaRegistryClient.KnownSchemas {

    /** The hub re-publishes every cursor every minute by default; three missed heartbeats make it silent. */
    public static final Duration HUB_SILENT_AFTER = Duration.ofMinutes(3);

    private static final Logger log = LoggerFactory.getLogger(LinkState.class);

    private static final String REGISTRY_REACHABLE = "registry.reachable";
    private static final String REGISTRY_CHECKED_AT = "registry.checked-at";
    private static final String REGISTRY_ERROR = "registry.error";
    private static final String HUB_HEARD_AT = "hub.heard-at";
    private static final String ID_PREFIX = "schema-id.";
    private static final String SCHEMA_PREFIX = "schema.";

    /**
     * The link as last seen.
     *
     * @param registryReachable whether the registry answered the last request, or null when never asked (or never
     *                          needed: every id was known)
     * @param registryCheckedAt when that was, or null
     * @param registryError the last registry error (English, no payload), or null
     * @param hubHeardAt when the last cursor record of this site arrived from the hub, or null when never
     */
    public record Snapshot(Boolean registryReachable, Instant registryCheckedAt, String registryError,
                           Instant hubHeardAt) {

        /** Whether the hub has not been heard for longer than {@link #HUB_SILENT_AFTER} at {@code now}. */
        public boolean hubSilent(Instant now) {
            return hubHeardAt == null || Duration.between(hubHeardAt, now).compareTo(HUB_SILENT_AFTER) > 0;
        }

        /** The registry's line and the hub's line of {@code status}, in the language of {@code m}. */
        public List<String> describe(AgentMessages m, Instant now) {
            String registry = registryReachable == null ? m.get("cli.status.registry-unknown")
                    : registryReachable ? m.get("cli.status.registry-reachable", String.valueOf(registryCheckedAt))
                    : m.get("cli.status.registry-unreachable", String.valueOf(registryCheckedAt),
                            String.valueOf(registryError));
            String hub = hubHeardAt == null ? m.get("cli.status.hub-unknown")
                    : hubSilent(now) ? m.get("cli.status.hub-silent", String.valueOf(hubHeardAt),
                            HUB_SILENT_AFTER.toMinutes())
                    : m.get("cli.status.hub-heard", String.valueOf(hubHeardAt));
            return List.of(registry, hub);
        }
    }

    private final Path file;
    private final Properties values = new Properties();

    private LinkState(Path file) {
        this.file = file;
        if (file != null) {
            load(file, values);
        }
    }

    /** The link state of {@code store}; kept only in memory when the store has no file. */
    public static LinkState of(AgentStore store) {
        return new LinkState(fileOf(store));
    }

    /** The link state as kept next to {@code store}, read once (for {@code status}). */
    public static Snapshot read(AgentStore store) {
        return new LinkState(fileOf(store)).snapshot();
    }

    public synchronized Snapshot snapshot() {
        String reachable = values.getProperty(REGISTRY_REACHABLE);
        return new Snapshot(reachable == null ? null : Boolean.valueOf(reachable), instant(REGISTRY_CHECKED_AT),
                values.getProperty(REGISTRY_ERROR), instant(HUB_HEARD_AT));
    }

    /** Records that the registry answered (error null) or not, at {@code at}; written only when it changed. */
    public synchronized void registry(boolean reachable, Instant at, String error) {
        String before = values.getProperty(REGISTRY_REACHABLE);
        String beforeError = values.getProperty(REGISTRY_ERROR);
        values.setProperty(REGISTRY_REACHABLE, Boolean.toString(reachable));
        values.setProperty(REGISTRY_CHECKED_AT, Long.toString(at.toEpochMilli()));
        if (error == null) {
            values.remove(REGISTRY_ERROR);
        } else {
            values.setProperty(REGISTRY_ERROR, error);
        }
        if (!Boolean.toString(reachable).equals(before) || !java.util.Objects.equals(error, beforeError)) {
            save();
        }
    }

    /** Records that a cursor record of this site arrived; written at most once a minute. */
    public synchronized void hubHeard(Instant at) {
        Instant before = instant(HUB_HEARD_AT);
        values.setProperty(HUB_HEARD_AT, Long.toString(at.toEpochMilli()));
        if (before == null || Duration.between(before, at).abs().compareTo(Duration.ofMinutes(1)) >= 0) {
            save();
        }
    }

    @Override
    public synchronized Integer idOf(String subject, Schema schema) {
        String id = values.getProperty(idKey(subject, schema));
        return id == null ? null : Integer.valueOf(id);
    }

    @Override
    public synchronized Schema schemaById(int id) {
        String text = values.getProperty(SCHEMA_PREFIX + id);
        if (text == null) {
            return null;
        }
        try {
            return new Schema.Parser().parse(text);
        } catch (RuntimeException e) {
            log.warn("kept schema cannot be parsed, asking the registry schemaId={} file={} error={}", id, file,
                    Backoff.describe(e));
            return null;
        }
    }

    @Override
    public synchronized void rememberId(String subject, Schema schema, int id) {
        if (!Integer.toString(id).equals(values.setProperty(idKey(subject, schema), Integer.toString(id)))) {
            save();
        }
    }

    @Override
    public synchronized void rememberSchema(int id, Schema schema) {
        if (values.setProperty(SCHEMA_PREFIX + id, schema.toString()) == null) {
            save();
        }
    }

    private Instant instant(String key) {
        String v = values.getProperty(key);
        return v == null ? null : Instant.ofEpochMilli(Long.parseLong(v));
    }

    private void save() {
        if (file == null) {
            return;
        }
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                values.store(out, "archive-sync agent: schema registry answers and link state (rewritten by the agent)");
            }
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            log.warn("cannot save link state file={} error={}", file, Backoff.describe(e));
        }
    }

    private static void load(Path file, Properties into) {
        try (InputStream in = Files.newInputStream(file)) {
            into.load(in);
        } catch (NoSuchFileException e) {
            // Nothing learned yet.
        } catch (IOException | IllegalArgumentException e) {
            log.warn("cannot read link state, starting without it file={} error={}", file, Backoff.describe(e));
            into.clear();
        }
    }

    private static Path fileOf(AgentStore store) {
        Path db = store.file();
        return db == null ? null : db.resolveSibling(db.getFileName() + ".link.properties");
    }

    /** The subject and a digest of the schema's full text (defaults and docs included: they can change the id). */
    private static String idKey(String subject, Schema schema) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(schema.toString().getBytes(StandardCharsets.UTF_8));
            return ID_PREFIX + subject + "." + HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
