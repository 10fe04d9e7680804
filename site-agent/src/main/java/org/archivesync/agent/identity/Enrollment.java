package org.archivesync.agent.identity;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.archivesync.agent.store.AgentStore;
import org.archivesync.schemas.integrity.SiteKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Enrolls this agent with the hub ({@code POST {hub}/api/enrollment}, docs/contracts.md) and gives out the resulting
 * identity.
 *
 * <p>Enrollment generates an Ed25519 key pair, writes the private key to a pending file readable only by its owner,
 * registers the public key with the one-time token, and only on the hub's 201 moves the key file into place and
 * stores the site code and key id. Any failure deletes the pending file: the agent is either enrolled or untouched.
 */
public final class Enrollment {

    private static final Logger log = LoggerFactory.getLogger(Enrollment.class);

    private static final String SELECT = """
            SELECT site_code, key_id, public_key, key_file FROM site_identity WHERE id = 1""";
    private static final String INSERT = """
            INSERT INTO site_identity (id, site_code, key_id, public_key, key_file, hub_url, enrolled_at)
            VALUES (1, ?, ?, ?, ?, ?, ?)""";

    private final AgentStore store;
    private final HttpClient http;
    private final Duration timeout;
    private final Clock clock;
    private final ObjectMapper json = JsonMapper.builder().build();

    /**
     * @param store the agent's store (never null)
     * @param timeout connect and request timeout for the hub (never null)
     * @param clock for the enrollment time (never null)
     */
    public Enrollment(AgentStore store, Duration timeout, Clock clock) {
        this.store = store;
        this.timeout = timeout;
        this.clock = clock;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    /** The enrolled site as stored, without reading the private key; empty before enrollment. */
    public record Enrolled(String siteCode, String keyId, String publicKey, Path keyFile) {
    }

    /**
     * Enrolls the agent.
     *
     * @param hub the hub's base URL, e.g. {@code https://hub.example} (never null; {@code http} only to this machine)
     * @param siteCode the site code the operator created (never null)
     * @param token the one-time enrollment token (never null)
     * @param keyFile where to keep the private key; must not exist yet (never null)
     * @return the new identity
     * @throws EnrollmentException with nothing written when the URL is plain http to a hub off this machine
     *                             ({@link #secureOrLoopback}), the agent is already enrolled, the key file exists, the
     *                             hub refuses or cannot be reached, or the hub answers a key id other than the one
     *                             derived from the new public key
     */
    public SiteIdentity enroll(URI hub, String siteCode, String token, Path keyFile) {
        requireText(siteCode, "siteCode");
        requireText(token, "token");
        if (hub == null || hub.getScheme() == null || hub.getHost() == null
                || !hub.getScheme().toLowerCase(java.util.Locale.ROOT).startsWith("http")) {
            throw new EnrollmentException("enrollment.bad-hub-url", String.valueOf(hub));
        }
        // Before any key is generated or written: plain http would carry the one-time token in clear.
        if (!secureOrLoopback(hub)) {
            log.warn("enrollment refused: plain http to a hub off this machine hub={} siteCode={}", hub, siteCode);
            throw new EnrollmentException("enrollment.insecure-hub", hub.toString());
        }
        Optional<Enrolled> existing = enrolled();
        if (existing.isPresent()) {
            throw new EnrollmentException("enrollment.already-enrolled", existing.get().siteCode());
        }
        Path target = keyFile.toAbsolutePath();
        if (Files.exists(target)) {
            throw new EnrollmentException("enrollment.key-file-exists", target.toString());
        }
        Path pending = target.resolveSibling(target.getFileName() + ".pending");
        KeyPair pair = SiteKeys.generate();
        boolean kept = false;
        try {
            Files.deleteIfExists(pending);
            KeyFiles.writeNew(pending, pair.getPrivate());
            String keyId = register(hub, siteCode, token, SiteKeys.encodePublic(pair.getPublic()));
            String derived = SiteKeys.keyId(pair.getPublic());
            if (!derived.equals(keyId)) {
                // The hub would check our signatures against another key: every event would be set aside.
                log.warn("enrollment failed: the hub answered another key id siteCode={} keyId={} derivedKeyId={}",
                        siteCode, keyId, derived);
                throw new EnrollmentException("enrollment.key-id-mismatch", keyId, derived);
            }
            KeyFiles.moveIntoPlace(pending, target);
            store.inTransaction(c -> {
                try (PreparedStatement p = c.prepareStatement(INSERT)) {
                    p.setString(1, siteCode);
                    p.setString(2, keyId);
                    p.setString(3, SiteKeys.encodePublic(pair.getPublic()));
                    p.setString(4, target.toString());
                    p.setString(5, hub.toString());
                    p.setLong(6, clock.millis());
                    return p.executeUpdate();
                }
            });
            kept = true;
            log.info("enrolled siteCode={} keyId={} keyFile={}", siteCode, keyId, target);
            return new SiteIdentity(siteCode, pair.getPrivate(), keyId);
        } catch (IOException e) {
            throw new EnrollmentException(e, "enrollment.key-file-failed", target.toString());
        } finally {
            if (!kept) {
                deleteQuietly(pending);
                if (!enrolled().isPresent()) {
                    deleteQuietly(target);
                }
            }
        }
    }

    /**
     * Whether the agent may talk HTTP to {@code url}: {@code https} to any host, or plain {@code http} only to this
     * machine ({@code 127.0.0.1}, {@code localhost}, {@code [::1]}, the demo's hub). Anything else would send the
     * enrollment token, or take the hub's answers and schemas, in clear over the office's network.
     *
     * @param url the hub's (or its registry's) URL; null or without a scheme or host gives false
     */
    public static boolean secureOrLoopback(URI url) {
        if (url == null || url.getScheme() == null || url.getHost() == null || url.getRawUserInfo() != null) {
            return false;
        }
        String scheme = url.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (scheme.equals("https")) {
            return true;
        }
        String host = url.getHost().toLowerCase(java.util.Locale.ROOT);
        return scheme.equals("http") && (host.equals("127.0.0.1") || host.equals("localhost") || host.equals("[::1]"));
    }

    /** The stored enrollment, if any. */
    public Optional<Enrolled> enrolled() {
        return store.read(c -> {
            try (PreparedStatement p = c.prepareStatement(SELECT); ResultSet rs = p.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Enrolled(rs.getString(1), rs.getString(2), rs.getString(3), Path.of(rs.getString(4))));
            }
        });
    }

    /**
     * The identity to record with: empty before enrollment.
     *
     * @throws EnrollmentException when enrolled but the key file is missing or unreadable
     */
    public Optional<SiteIdentity> current() {
        Optional<Enrolled> enrolled = enrolled();
        if (enrolled.isEmpty()) {
            return Optional.empty();
        }
        Enrolled e = enrolled.get();
        PrivateKey key;
        try {
            key = KeyFiles.read(e.keyFile());
        } catch (NoSuchFileException ex) {
            throw new EnrollmentException(ex, "identity.key-file-missing", e.keyFile().toString());
        } catch (IOException | IllegalArgumentException ex) {
            throw new EnrollmentException(ex, "identity.key-file-unreadable", e.keyFile().toString());
        }
        return Optional.of(new SiteIdentity(e.siteCode(), key, e.keyId()));
    }

    /**
     * A supplier for long-running processes: asks the store until the agent is enrolled (so a CLI enrollment is
     * picked up), then keeps the identity.
     */
    public Supplier<Optional<SiteIdentity>> cachedIdentity() {
        AtomicReference<SiteIdentity> cached = new AtomicReference<>();
        return () -> {
            SiteIdentity known = cached.get();
            if (known != null) {
                return Optional.of(known);
            }
            Optional<SiteIdentity> loaded = current();
            loaded.ifPresent(cached::set);
            return loaded;
        };
    }

    private String register(URI hub, String siteCode, String token, String publicKey) {
        String base = hub.toString().endsWith("/") ? hub.toString().substring(0, hub.toString().length() - 1) : hub.toString();
        String body = json.createObjectNode().put("siteCode", siteCode).put("token", token).put("publicKey", publicKey)
                .toString();
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/enrollment"))
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, application/problem+json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            log.warn("hub unreachable for enrollment hub={} siteCode={} error={}", base, siteCode, e.toString());
            throw new EnrollmentException(e, "enrollment.hub-unreachable", base);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EnrollmentException(e, "enrollment.hub-unreachable", base);
        }
        int status = response.statusCode();
        String detail = problemDetail(response.body());
        switch (status) {
            case 200, 201 -> {
                JsonNode answer = parse(response.body());
                String keyId = answer == null ? null : answer.path("keyId").asString(null);
                if (keyId == null || keyId.isBlank()) {
                    throw new EnrollmentException("enrollment.hub-error", base, status, "no keyId in the answer");
                }
                return keyId;
            }
            case 401 -> throw new EnrollmentException("enrollment.token-rejected", siteCode);
            case 404 -> throw new EnrollmentException("enrollment.unknown-site", siteCode);
            case 400 -> throw new EnrollmentException("enrollment.rejected", detail);
            default -> throw new EnrollmentException("enrollment.hub-error", base, status, detail);
        }
    }

    private String problemDetail(String body) {
        JsonNode node = parse(body);
        if (node == null) {
            return "";
        }
        return node.path("detail").asString(node.path("title").asString(""));
    }

    private JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            return json.readTree(body);
        } catch (JacksonException e) {
            return null;
        }
    }

    private static void requireText(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new EnrollmentException("enrollment.missing-argument", field);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            log.warn("cannot delete key file={} error={}", file, e.toString());
        }
    }
}
