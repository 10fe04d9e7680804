package org.archivesync.schemas.integrity;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.function.LongFunction;

/**
 * Verifies a run of one site's events against the site's cursor: sequence continuity, the hash chain, signatures and
 * the keys behind them.
 *
 * <p>An event is accepted only once it is chained to the cursor <em>and</em> a signed event at or after it verifies;
 * as each hash covers every earlier event, that one signature vouches for the whole run before it. Events at or below
 * the cursor are redeliveries: skipped when their hash matches what is known, a {@link ChainFailure.Kind#FORK} when it
 * does not. The verifier is pure: it reads nothing but its arguments and keeps no state.
 */
public final class ChainVerifier {

    private final Function<String, SiteKey> keys;

    /**
     * @param keys finds an enrolled key by key id; returns null for an unknown id (never null itself)
     */
    public ChainVerifier(Function<String, SiteKey> keys) {
        this.keys = keys;
    }

    /**
     * Verifies {@code run} against {@code cursor}.
     *
     * @param siteCode the site the run belongs to (the Kafka key), never null
     * @param cursor the last applied position of the site, never null
     * @param storedHashes the stored chain hash of an applied sequence below the cursor, or null when unknown; used to
     *                     tell a redelivery from a fork (never null itself)
     * @param run the events in any order; duplicates allowed (never null)
     * @return the verdict, never null
     */
    public ChainVerdict verify(String siteCode, ChainPosition cursor, LongFunction<byte[]> storedHashes, List<ChainEvent> run) {
        List<ChainEvent> sorted = new ArrayList<>(run);
        sorted.sort(Comparator.comparingLong(ChainEvent::sequence));

        List<ChainVerdict.VerifiedEvent> chained = new ArrayList<>();
        List<ChainEvent> pending = new ArrayList<>();
        int acceptedCount = 0;
        ChainPosition signedPosition = cursor;
        byte[] previous = cursor.hash();
        long expected = cursor.sequence() + 1;
        int redelivered = 0;
        ChainFailure failure = null;
        ChainEvent previousEvent = null;

        int i = 0;
        for (; i < sorted.size(); i++) {
            ChainEvent e = sorted.get(i);
            if (!siteCode.equals(e.siteCode())) {
                failure = new ChainFailure(ChainFailure.Kind.WRONG_SITE, e.sequence(),
                        "event names site " + e.siteCode() + " in the stream of " + siteCode);
                break;
            }
            byte[] hash = e.hash();
            if (e.sequence() < expected) {
                byte[] known = knownHash(e.sequence(), cursor, storedHashes, chained);
                if (known != null && !ChainHash.same(known, hash)) {
                    failure = new ChainFailure(ChainFailure.Kind.FORK, e.sequence(),
                            "sequence " + e.sequence() + " arrived again with a different hash");
                    break;
                }
                redelivered++;
                continue;
            }
            if (e.sequence() > expected) {
                failure = new ChainFailure(ChainFailure.Kind.GAP, expected,
                        "sequence " + expected + " is missing; next present is " + e.sequence());
                break;
            }
            if (!ChainHash.same(previous, e.previousHash())) {
                failure = new ChainFailure(ChainFailure.Kind.BROKEN_CHAIN, e.sequence(),
                        "previousHash of sequence " + e.sequence() + " is not the hash of sequence " + (e.sequence() - 1)
                                + (previousEvent == null ? ""
                                : " read with writer schema fingerprint " + shortHex(previousEvent.schemaFingerprint())));
                break;
            }
            if (e.signed()) {
                ChainFailure bad = checkSignature(siteCode, e, hash);
                if (bad != null) {
                    failure = bad;
                    break;
                }
            }
            chained.add(new ChainVerdict.VerifiedEvent(e, hash));
            if (e.signed()) {
                acceptedCount = chained.size();
                signedPosition = new ChainPosition(e.sequence(), hash);
            }
            previous = hash;
            previousEvent = e;
            expected++;
        }

        for (int k = acceptedCount; k < chained.size(); k++) {
            pending.add(chained.get(k).event());
        }
        for (; i < sorted.size(); i++) {
            ChainEvent e = sorted.get(i);
            // After a failure or gap, keep everything that is not a plain redelivery, so nothing is lost while parked.
            if (e.sequence() > signedPosition.sequence()) {
                pending.add(e);
            }
        }
        return new ChainVerdict(siteCode, signedPosition, List.copyOf(chained.subList(0, acceptedCount)),
                List.copyOf(pending), redelivered, failure);
    }

    private ChainFailure checkSignature(String siteCode, ChainEvent e, byte[] hash) {
        if (e.keyId() == null) {
            return new ChainFailure(ChainFailure.Kind.BAD_SIGNATURE, e.sequence(), "signature without a key id");
        }
        SiteKey key = keys.apply(e.keyId());
        if (key == null) {
            return new ChainFailure(ChainFailure.Kind.UNKNOWN_KEY, e.sequence(), "key id " + e.keyId() + " is not enrolled");
        }
        if (!key.siteCode().equals(siteCode)) {
            return new ChainFailure(ChainFailure.Kind.KEY_OF_ANOTHER_SITE, e.sequence(),
                    "key id " + e.keyId() + " is enrolled for site " + key.siteCode());
        }
        if (!SiteKeys.verify(key.publicKey(), hash, e.signature())) {
            return new ChainFailure(ChainFailure.Kind.BAD_SIGNATURE, e.sequence(),
                    "signature of sequence " + e.sequence() + " does not verify with key id " + e.keyId()
                            + " over its body read with writer schema fingerprint " + shortHex(e.schemaFingerprint()));
        }
        return null;
    }

    /** The first 8 bytes in hex: enough to tell the schemas of one subject apart in an alert. */
    private static String shortHex(byte[] fingerprint) {
        return ChainHash.hex(fingerprint).substring(0, 16);
    }

    private static byte[] knownHash(long sequence, ChainPosition cursor, LongFunction<byte[]> stored,
                                    List<ChainVerdict.VerifiedEvent> chained) {
        if (sequence == cursor.sequence()) {
            return cursor.hash();
        }
        if (sequence > cursor.sequence()) {
            // Repeated within this run.
            return chained.get((int) (sequence - cursor.sequence() - 1)).hash();
        }
        return stored.apply(sequence);
    }
}
