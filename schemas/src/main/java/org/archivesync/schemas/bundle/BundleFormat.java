package org.archivesync.schemas.bundle;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.archivesync.schemas.bundle.BundleFormatException.Problem;
import org.archivesync.schemas.integrity.ChainHash;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The USB bundle format, {@value #FORMAT}, written by the site agent's {@code export-bundle} and read by the hub's
 * {@code import-bundle}: a ZIP with {@value #MANIFEST_ENTRY} ({@link BundleManifest} as JSON) and {@value #EVENTS_ENTRY},
 * each event {@code sequence (int64) | hash (32) | body length (int32) | body | signature length (uint16) | signature
 * | key id length (uint16) | key id (UTF-8)}, all big-endian; an unsigned event has empty signature and key id.
 *
 * <p>Declared once here for both sides (docs/contracts.md, "USB bundle"); bundles written before it moved here read
 * the same.
 */
public final class BundleFormat {

    /** The format name and version written into every manifest; a reader refuses any other. */
    public static final String FORMAT = "archive-sync-bundle/1";
    /** The ZIP entry holding the manifest. */
    public static final String MANIFEST_ENTRY = "manifest.json";
    /** The ZIP entry holding the events. */
    public static final String EVENTS_ENTRY = "events.bin";
    /** The agent never writes a larger body; a larger length in a file is damage. */
    public static final int MAX_BODY_BYTES = 16 << 20;
    /** A reader reads at most this much of the manifest (the writer schema is most of it, about 25 KB). */
    static final int MAX_MANIFEST_BYTES = 1 << 20;

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private BundleFormat() {
    }

    /** Writes one event in the layout above. */
    public static void writeEvent(DataOutputStream out, BundleEvent e) throws IOException {
        out.writeLong(e.sequence());
        out.write(e.hash());
        out.writeInt(e.body().length);
        out.write(e.body());
        byte[] signature = e.signature() == null ? new byte[0] : e.signature();
        byte[] keyId = e.keyId() == null ? new byte[0] : e.keyId().getBytes(StandardCharsets.UTF_8);
        out.writeShort(signature.length);
        out.write(signature);
        out.writeShort(keyId.length);
        out.write(keyId);
    }

    /**
     * Reads the next event; null at the end of the stream. Lengths are checked before anything is allocated beyond
     * {@link #MAX_BODY_BYTES}, so a hostile file cannot ask for more memory than that.
     *
     * @throws IOException when the event is malformed or cut short
     */
    public static BundleEvent readEvent(DataInputStream in) throws IOException {
        long sequence;
        try {
            sequence = in.readLong();
        } catch (EOFException end) {
            return null;
        }
        byte[] hash = in.readNBytes(ChainHash.LENGTH);
        int length = in.readInt();
        if (hash.length != ChainHash.LENGTH || length < 0 || length > MAX_BODY_BYTES) {
            throw new IOException("malformed event at sequence " + sequence);
        }
        byte[] body = in.readNBytes(length);
        byte[] signature = in.readNBytes(in.readUnsignedShort());
        byte[] keyId = in.readNBytes(in.readUnsignedShort());
        if (body.length != length) {
            throw new EOFException("truncated event at sequence " + sequence);
        }
        return new BundleEvent(sequence, hash, body, signature.length == 0 ? null : signature,
                keyId.length == 0 ? null : new String(keyId, StandardCharsets.UTF_8));
    }

    /** The manifest as written into {@value #MANIFEST_ENTRY} (pretty-printed JSON, UTF-8 when encoded). */
    public static String manifestJson(BundleManifest m) {
        ObjectNode n = JSON.createObjectNode();
        n.put("format", m.format());
        n.put("siteCode", m.siteCode());
        n.put("keyId", m.keyId());
        n.put("fromSequence", m.fromSequence());
        n.put("toSequence", m.toSequence());
        n.put("count", m.count());
        n.put("previousHash", m.previousHash());
        n.put("lastHash", m.lastHash());
        n.put("contentSha256", m.contentSha256());
        n.put("signature", m.signature());
        n.put("createdAt", m.createdAt().toString());
        n.put("agentVersion", m.agentVersion());
        n.put("writerSchema", m.writerSchema());
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(n);
    }

    /**
     * Parses a manifest; its format is not checked here ({@link BundleFile#manifest()} does).
     *
     * @throws BundleFormatException {@code NOT_A_BUNDLE} when it is not such JSON
     */
    public static BundleManifest parseManifest(byte[] json) {
        try {
            JsonNode n = JSON.readTree(json);
            return new BundleManifest(n.path("format").asString(), n.path("siteCode").asString(),
                    n.path("keyId").asString(), n.path("fromSequence").asLong(), n.path("toSequence").asLong(),
                    n.path("count").asLong(), n.path("previousHash").asString(), n.path("lastHash").asString(),
                    n.path("contentSha256").asString(), n.path("signature").asString(),
                    Instant.parse(n.path("createdAt").asString()), n.path("agentVersion").asString(),
                    n.path("writerSchema").asString());
        } catch (JacksonException | DateTimeParseException e) {
            throw new BundleFormatException(Problem.NOT_A_BUNDLE, "manifest.json is unreadable: " + e.getMessage(), e);
        }
    }
}
