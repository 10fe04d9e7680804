package org.archivesync.hub.sites;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.archivesync.hub.security.Audit;
import org.archivesync.schemas.integrity.SiteKey;
import org.archivesync.schemas.integrity.SiteKeys;
import org.archivesync.schemas.wire.SiteEventTopics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.transaction.support.TransactionOperations;

/**
 * The sites of the province and the keys they sign with. An operator creates a site and issues it a one-time
 * enrollment token; the site's agent presents the token with its Ed25519 public key and the hub stores the key. Ingest
 * looks keys up here by the {@code as-key-id} header of a signed event.
 *
 * <p>Guarantees: a token enrolls at most one key, even when two enrollments race; it is refused after its time runs
 * out; only its SHA-256 is stored. A key belongs to exactly one site. Arguments are never null unless said; results
 * are never null.
 */
public final class SiteDirectory {

    private static final Logger log = LoggerFactory.getLogger(SiteDirectory.class);
    /**
     * The same rule as the CHECK on {@code sites.site_code}: upper-case letters, digits, '.', '_', '-'. Every such
     * code is also a legal part of a Kafka topic name ({@code archive.site-events.<siteCode>}, at most 84 characters
     * of Kafka's 249), which SiteEventTopicsTest checks.
     */
    private static final Pattern SITE_CODE = Pattern.compile("[A-Z0-9][A-Z0-9._-]{1,63}");
    private static final int TOKEN_BYTES = 32;

    private final SiteStore store;
    private final TransactionOperations transactions;
    private final Clock clock;
    private final Duration tokenTtl;
    private final ApplicationEventPublisher events;
    private final Audit audit;
    private final SecureRandom random = new SecureRandom();

    SiteDirectory(SiteStore store, TransactionOperations transactions, Clock clock, Duration tokenTtl,
                  ApplicationEventPublisher events, Audit audit) {
        this.store = store;
        this.transactions = transactions;
        this.clock = clock;
        this.tokenTtl = tokenTtl;
        this.events = events;
        this.audit = audit;
    }

    /**
     * Creates a site.
     *
     * @param unitCode the administrative unit the site belongs to; may be null
     * Publishes {@link SiteCreated}, on which ingest creates the site's Kafka topic.
     *
     * @throws InvalidSiteFieldException when the code does not match {@code [A-Z0-9][A-Z0-9._-]{1,63}}, differs from an
     *                                   existing site's only by '.' against '_' (Kafka refuses topic names that
     *                                   collide so), or the name or role is missing
     * @throws SiteAlreadyExistsException when a site has this code
     */
    public Site createSite(String siteCode, String name, String unitCode, SiteRole role) {
        if (siteCode == null || !SITE_CODE.matcher(siteCode).matches()) {
            throw new InvalidSiteFieldException("siteCode",
                    "a site code is 2 to 64 upper-case letters, digits, '.', '_' or '-', e.g. CM.CAINUOC.UBND");
        }
        if (name == null || name.isBlank()) {
            throw new InvalidSiteFieldException("name", "a site needs a name");
        }
        if (role == null) {
            throw new InvalidSiteFieldException("role", "a site needs a role");
        }
        String collision = SiteEventTopics.collisionKey(siteCode);
        store.sites().stream().filter(s -> !s.siteCode().equals(siteCode))
                .filter(s -> SiteEventTopics.collisionKey(s.siteCode()).equals(collision)).findFirst()
                .ifPresent(s -> {
                    throw new InvalidSiteFieldException("siteCode", "the site code differs from " + s.siteCode()
                            + " only by '.' against '_': their Kafka topics would collide");
                });
        Site site = new Site(siteCode, name.strip(), unitCode == null || unitCode.isBlank() ? null : unitCode.strip(),
                role, now());
        if (!store.insertSite(site)) {
            throw new SiteAlreadyExistsException(siteCode);
        }
        log.info("site created siteCode={} role={}", siteCode, role);
        events.publishEvent(new SiteCreated(siteCode));
        return site;
    }

    /** Every site, by code. */
    public List<Site> sites() {
        return store.sites();
    }

    /** The site with this code, if any. */
    public Optional<Site> site(String siteCode) {
        return store.site(siteCode);
    }

    /**
     * The keys enrolled for a site, oldest first, revoked ones included.
     *
     * @throws UnknownSiteException when no site has this code
     */
    public List<EnrolledKey> keys(String siteCode) {
        requireSite(siteCode);
        return store.keysOf(siteCode).stream().map(SiteDirectory::enrolledKey).toList();
    }

    /** Every site's keys, by site code, oldest first: for pages that list all sites (one statement). */
    public Map<String, List<EnrolledKey>> allKeys() {
        Map<String, List<EnrolledKey>> bySite = new LinkedHashMap<>();
        for (SiteStore.KeyRow k : store.allKeys()) {
            bySite.computeIfAbsent(k.siteCode(), c -> new ArrayList<>()).add(enrolledKey(k));
        }
        return bySite;
    }

    /**
     * Issues a one-time enrollment token for a site, valid for {@code archive-sync.hub.sites.token-ttl}. The token is
     * returned once and cannot be read back; issuing another leaves earlier ones valid until used or expired.
     *
     * @throws UnknownSiteException when no site has this code
     */
    public EnrollmentToken issueToken(String siteCode) {
        requireSite(siteCode);
        byte[] raw = new byte[TOKEN_BYTES];
        String token;
        do {
            // A clerk types it after --token: one beginning with '-' would be read as an option (1 draw in 64).
            random.nextBytes(raw);
            token = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        } while (token.charAt(0) == '-');
        Instant issuedAt = now();
        Instant expiresAt = issuedAt.plus(tokenTtl);
        store.insertToken(hash(token), siteCode, issuedAt, expiresAt);
        log.info("enrollment token issued siteCode={} expiresAt={}", siteCode, expiresAt);
        return new EnrollmentToken(token, expiresAt);
    }

    /**
     * Enrolls a site's public key with a token issued for that site: verifies the token, stores the key and uses the
     * token up, in one transaction. Presenting a key already enrolled for the same site uses the token up and keeps
     * the key. A new key replaces the site's earlier ones: they are retired after the site's applied sequence
     * ({@code REENROLLED}), so a token cannot leave an old, possibly lost key valid beside the new one.
     *
     * @param publicKey base64 X.509 SubjectPublicKeyInfo DER of an Ed25519 key ({@code SiteKeys.encodePublic})
     * @return the enrolled key, its id being {@code SiteKeys.keyId}
     * @throws InvalidSiteFieldException when the site code or token is missing or the key is malformed (nothing is
     *                                   stored and the token stays valid)
     * @throws UnknownSiteException when no site has this code
     * @throws InvalidEnrollmentTokenException when the token is unknown, of another site, used or expired
     * @throws KeyEnrolledElsewhereException when another site enrolled this key
     */
    public SiteKey enroll(String siteCode, String token, String publicKey) {
        if (siteCode == null || siteCode.isBlank()) {
            throw new InvalidSiteFieldException("siteCode", "the site code is missing");
        }
        if (token == null || token.isBlank()) {
            throw new InvalidSiteFieldException("token", "the enrollment token is missing");
        }
        PublicKey key;
        try {
            key = SiteKeys.decodePublic(publicKey == null ? "" : publicKey);
        } catch (IllegalArgumentException e) {
            throw new InvalidSiteFieldException("publicKey",
                    "the public key is not base64 of an X.509 Ed25519 public key", e);
        }
        requireSite(siteCode);
        SiteKey enrolled = SiteKey.of(siteCode, key);
        byte[] hash = hash(token.strip());
        transactions.executeWithoutResult(tx -> {
            Instant now = now();
            SiteStore.TokenRow row = store.lockToken(hash)
                    .orElseThrow(() -> refused(siteCode, InvalidEnrollmentTokenException.Reason.UNKNOWN));
            if (!row.siteCode().equals(siteCode)) {
                throw refused(siteCode, InvalidEnrollmentTokenException.Reason.OTHER_SITE);
            }
            if (row.usedAt() != null) {
                throw refused(siteCode, InvalidEnrollmentTokenException.Reason.USED);
            }
            if (!now.isBefore(row.expiresAt())) {
                throw refused(siteCode, InvalidEnrollmentTokenException.Reason.EXPIRED);
            }
            boolean added = store.insertKey(enrolled.keyId(), siteCode, SiteKeys.encodePublic(key), now);
            if (!added && !store.key(enrolled.keyId()).map(SiteStore.KeyRow::siteCode).orElseThrow().equals(siteCode)) {
                log.warn("enrollment refused siteCode={} keyId={} reason=KEY_OF_ANOTHER_SITE", siteCode, enrolled.keyId());
                throw new KeyEnrolledElsewhereException(enrolled.keyId());
            }
            if (added) {
                long applied = store.lockAppliedSequence(siteCode);
                int retired = store.retireOthers(siteCode, enrolled.keyId(), applied, "REENROLLED", now);
                if (retired > 0) {
                    log.warn("earlier keys retired by a new enrollment siteCode={} keys={} afterSequence={}",
                            siteCode, retired, applied);
                }
            }
            if (!store.useToken(hash, enrolled.keyId(), now)) {
                throw new IllegalStateException("enrollment token changed under its row lock");
            }
        });
        log.info("site key enrolled siteCode={} keyId={}", siteCode, enrolled.keyId());
        events.publishEvent(new SiteKeyEnrolled(siteCode, enrolled.keyId()));
        return enrolled;
    }

    /**
     * The key with this id and the sequences of its site it may sign (a retired key included, for the verifier to say
     * why it no longer signs).
     *
     * @param keyId the {@code as-key-id} header; may be null (then empty)
     */
    public Optional<SiteKey> findKey(String keyId) {
        return signingKey(keyId).map(SigningKey::key);
    }

    /**
     * As {@link #findKey}, with whether the key's first applied signature retires the site's other keys.
     *
     * @param keyId may be null (then empty)
     */
    public Optional<SigningKey> signingKey(String keyId) {
        if (keyId == null) {
            return Optional.empty();
        }
        return store.key(keyId).map(k -> new SigningKey(new SiteKey(k.keyId(), k.siteCode(),
                SiteKeys.decodePublic(k.publicKey()), k.validFrom(),
                k.validThrough() == null ? Long.MAX_VALUE : k.validThrough()), k.retiresOthers()));
    }

    /**
     * Applies a verified {@code SiteKeyRotated} event: enrolls the announced key for the site's sequences after
     * {@code sequence}. The key that signed the announcement stays valid until the first event signed with the new
     * key is applied ({@link #keyFirstUsed}): the agent switches keys only once the hub's cursor shows the
     * announcement applied. Runs in the caller's (ingest's) transaction; applying the same event again changes nothing.
     *
     * @param signedBy the key that signed the announcement; null when a later signature vouched for it
     * @return empty when the key was enrolled (or was already, for this site from this sequence); else why it was not
     *         (an English sentence without secrets): a malformed key, an id that is not the key's, a key enrolled
     *         elsewhere
     */
    public Optional<String> keyRotated(String siteCode, long sequence, String signedBy, String newKeyId,
                                       String newPublicKey) {
        PublicKey key;
        try {
            key = SiteKeys.decodePublic(newPublicKey);
        } catch (IllegalArgumentException e) {
            return Optional.of("the announced public key is not base64 of an X.509 Ed25519 public key");
        }
        String derived = SiteKeys.keyId(key);
        if (!derived.equals(newKeyId)) {
            return Optional.of("the announced key id " + newKeyId + " is not the key's id " + derived);
        }
        if (store.insertAnnouncedKey(derived, siteCode, SiteKeys.encodePublic(key), now(), sequence + 1, signedBy)) {
            log.info("site key rotated siteCode={} sequence={} newKeyId={} announcedBy={}", siteCode, sequence, derived,
                    signedBy);
            return Optional.empty();
        }
        SiteStore.KeyRow existing = store.key(derived).orElseThrow();
        if (existing.siteCode().equals(siteCode) && existing.validFrom() == sequence + 1) {
            return Optional.empty();
        }
        return Optional.of(existing.siteCode().equals(siteCode)
                ? "key " + derived + " is already enrolled for this office"
                : "key " + derived + " is enrolled for another office");
    }

    /**
     * Called by ingest when it applies the first event signed with a rotated-in key ({@link SigningKey#retiresOthers}):
     * the site's other keys are retired after the sequence before it. Runs in the caller's transaction.
     */
    public void keyFirstUsed(String siteCode, String keyId, long sequence) {
        int retired = store.retireOthers(siteCode, keyId, sequence - 1, "ROTATED", now());
        if (retired > 0) {
            log.info("site keys retired by rotation siteCode={} keys={} afterSequence={} newKeyId={}", siteCode, retired,
                    sequence - 1, keyId);
        }
    }

    /**
     * Revokes a key of a site (an operator's decision, audited {@code REVOKE-KEY} in the same transaction): it signs
     * nothing after
     * {@code validThrough}, and proves nothing about what is applied. Events of the site signed with it after that
     * arrive set aside ({@code KEY_REVOKED}) and alerted ({@code REVOKED_KEY_USED}).
     *
     * @param validThrough the last sequence the key may still sign; null for the site's applied sequence. A later
     *                     sequence admits a backlog the office recorded before the key was lost, which the operator
     *                     has checked with the office; an earlier one than the applied sequence is refused (what is
     *                     applied stays applied)
     * @param operator who revokes (never null)
     * @param remoteAddress the operator's address for the audit log; may be null
     * @return the key as revoked
     * @throws UnknownSiteException when no site has this code
     * @throws UnknownKeyException when the site has no such key
     * @throws InvalidSiteFieldException when {@code validThrough} is below the applied sequence, or the key is already
     *                                   revoked
     */
    public EnrolledKey revoke(String siteCode, String keyId, Long validThrough, String operator, String remoteAddress) {
        requireSite(siteCode);
        return transactions.execute(tx -> {
            SiteStore.KeyRow row = store.key(keyId == null ? "" : keyId).filter(k -> k.siteCode().equals(siteCode))
                    .orElseThrow(() -> new UnknownKeyException(siteCode, keyId));
            if ("REVOKED".equals(row.retiredReason())) {
                throw new InvalidSiteFieldException("keyId", "key " + keyId + " is already revoked");
            }
            long applied = store.lockAppliedSequence(siteCode);
            if (validThrough != null && validThrough < applied) {
                throw new InvalidSiteFieldException("validThroughSequence", "the office's events are applied through"
                        + " sequence " + applied + "; a revocation cannot take back what is applied");
            }
            long through = validThrough == null ? applied : validThrough;
            store.revoke(siteCode, keyId, through, operator, now());
            audit.record(operator, "REVOKE-KEY", siteCode + " " + keyId, "OK validThroughSequence=" + through,
                    remoteAddress);
            log.warn("site key revoked siteCode={} keyId={} validThroughSequence={} appliedSequence={} operator={}",
                    siteCode, keyId, through, applied, operator);
            return enrolledKey(store.key(keyId).orElseThrow());
        });
    }

    private static EnrolledKey enrolledKey(SiteStore.KeyRow k) {
        return new EnrolledKey(k.keyId(), k.enrolledAt(), k.revokedAt(), k.validFrom(), k.validThrough(),
                k.retiredReason(), k.retiredBy(), k.announcedBy());
    }

    private void requireSite(String siteCode) {
        if (store.site(siteCode).isEmpty()) {
            throw new UnknownSiteException(siteCode);
        }
    }

    private static InvalidEnrollmentTokenException refused(String siteCode, InvalidEnrollmentTokenException.Reason reason) {
        log.warn("enrollment refused siteCode={} reason={}", siteCode, reason);
        return new InvalidEnrollmentTokenException(siteCode, reason);
    }

    /** PostgreSQL keeps microseconds; what is returned should equal what is stored. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private static byte[] hash(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
