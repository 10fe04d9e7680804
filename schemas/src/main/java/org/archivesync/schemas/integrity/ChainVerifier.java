package org.archivesync.schemas.integrity;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.LongFunction;
import java.util.function.Predicate;

/**
 * Verifies a run of one site's events against the site's cursor: sequence continuity, the hash chain, signatures and
 * the keys behind them.
 *
 * <p>Anyone who may write to the inbound topic can put any record under a site's key, so only evidence signed with the
 * site's own key may count against it. The run is read as a tree of candidates: each event hangs below the one whose
 * hash is its previousHash, the cursor at the root, and several candidates may compete for one sequence. An event is
 * accepted once it is on the one branch from the cursor that reaches a signature verifying with a key enrolled for the
 * site; as each hash covers every earlier event, that signature vouches for the whole branch. Then:
 * <ul>
 * <li>an event naming another site, or signed but not verifiably by the site's own key, is set aside;</li>
 * <li>an unsigned candidate that lost its sequence to the signed branch, or that conflicts with what is settled (a
 *     different hash at an applied sequence, a previousHash that does not link), is set aside, with all it chains to;</li>
 * <li>a conflicting chain that does reach a signature of the site's own key is a {@link ChainFailure.Kind#FORK} (at a
 *     settled sequence, or two signed branches) or a {@link ChainFailure.Kind#BROKEN_CHAIN}: that quarantines;</li>
 * <li>unsigned candidates below no signature yet, and events whose predecessor has not arrived, are pending: they
 *     wait (a {@link ChainFailure.Kind#GAP} when something is missing).</li>
 * </ul>
 * Events at or below the cursor with the known hash (or an unknown one) are redeliveries and skipped. The verifier is
 * pure: it reads nothing but its arguments and keeps no state.
 */
public final class ChainVerifier {

    private final Function<String, SiteKey> keys;

    /**
     * @param keys finds an enrolled key by key id; returns null for an unknown id (never null itself)
     */
    public ChainVerifier(Function<String, SiteKey> keys) {
        this.keys = keys;
    }

    /** A candidate event in the tree. */
    private static final class Node {
        ChainEvent event;
        final byte[] hash;
        final List<Node> children = new ArrayList<>();
        Node parent;
        /** Signed, and the signature verifies with a key of the site. */
        boolean signed;
        /** This node or one it leads to is signed. */
        boolean signedBelow;
        /** Where it ends up: null until decided. */
        SetAsideReason setAside;
        boolean accepted;

        Node(ChainEvent event, byte[] hash) {
            this.event = event;
            this.hash = hash;
        }

        long sequence() {
            return event.sequence();
        }
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
        return verify(siteCode, cursor, storedHashes, run, e -> false);
    }

    /**
     * Verifies {@code run} against {@code cursor}, some of its events already known to be covered by a signature.
     * For a caller that verifies a long unsigned run in slices: the signed event at its end is not in every slice.
     *
     * @param vouched true for an event of the run the caller has proven to be an ancestor (through previousHash links)
     *                of an event whose signature verified with the site's own key; such an event counts as signed
     *                (never null itself)
     * @see #verify(String, ChainPosition, LongFunction, List)
     */
    public ChainVerdict verify(String siteCode, ChainPosition cursor, LongFunction<byte[]> storedHashes,
                               List<ChainEvent> run, Predicate<ChainEvent> vouched) {
        List<ChainEvent> sorted = new ArrayList<>(run);
        sorted.sort(Comparator.comparingLong(ChainEvent::sequence));
        List<ChainVerdict.SetAside> setAside = new ArrayList<>();
        Map<ByteBuffer, Node> byHash = new HashMap<>();
        List<Node> nodes = new ArrayList<>();
        int redelivered = 0;

        for (ChainEvent e : sorted) {
            if (!siteCode.equals(e.siteCode())) {
                setAside.add(new ChainVerdict.SetAside(e, e.hash(), SetAsideReason.WRONG_SITE,
                        "event names site " + e.siteCode() + " in the stream of " + siteCode));
                continue;
            }
            byte[] hash = e.hash();
            if (e.sequence() <= cursor.sequence()) {
                byte[] known = e.sequence() == cursor.sequence() ? cursor.hash() : storedHashes.apply(e.sequence());
                if (known == null || ChainHash.same(known, hash)) {
                    redelivered++;
                    continue;
                }
            }
            Fault badSignature = e.signed()
                    ? checkSignature(siteCode, e.sequence(), cursor.sequence(), hash, e.signature(), e.keyId()) : null;
            if (badSignature != null) {
                setAside.add(new ChainVerdict.SetAside(e, hash, badSignature.reason(), badSignature.detail()));
                continue;
            }
            boolean covered = e.signed() || vouched.test(e);
            Node same = byHash.get(ByteBuffer.wrap(hash));
            if (same != null) {
                redelivered++;
                if (covered && !same.signed) {
                    // An unsigned copy of a signed event says nothing; keep the signed one.
                    same.event = e;
                    same.signed = true;
                }
                continue;
            }
            Node node = new Node(e, hash);
            node.signed = covered;
            byHash.put(ByteBuffer.wrap(hash), node);
            nodes.add(node);
        }

        Node root = new Node(null, cursor.hash());
        for (Node n : nodes) {
            Node parent = n.sequence() == cursor.sequence() + 1 && ChainHash.same(n.event.previousHash(), cursor.hash())
                    ? root : byHash.get(ByteBuffer.wrap(n.event.previousHash()));
            if (parent != null && (parent == root || parent.sequence() == n.sequence() - 1)) {
                n.parent = parent;
                parent.children.add(n);
            }
        }
        for (int k = nodes.size() - 1; k >= 0; k--) {
            Node n = nodes.get(k);
            n.signedBelow |= n.signed;
            if (n.parent != null) {
                n.parent.signedBelow |= n.signedBelow;
            }
        }

        // The branch from the cursor to its last signature; its unsigned rivals lose.
        List<Node> path = new ArrayList<>();
        Node at = root;
        ChainFailure failure = null;
        boolean branches = false;
        while (true) {
            List<Node> signedKids = at.children.stream().filter(c -> c.signedBelow).toList();
            if (signedKids.size() > 1) {
                Node evidence = firstSigned(signedKids.get(1));
                failure = new ChainFailure(ChainFailure.Kind.FORK, at == root ? cursor.sequence() + 1 : at.sequence() + 1,
                        "two histories signed with the site's key part at sequence "
                                + (at == root ? cursor.sequence() + 1 : at.sequence() + 1), evidence.event);
                branches = true;
                break;
            }
            if (signedKids.isEmpty()) {
                break;
            }
            for (Node rival : at.children) {
                if (rival != signedKids.get(0)) {
                    mark(rival, SetAsideReason.LOST_TO_SIGNED);
                }
            }
            at = signedKids.get(0);
            path.add(at);
        }
        long settled = path.isEmpty() ? cursor.sequence() : path.get(path.size() - 1).sequence();

        // Chains that can no longer link to the verified history: evidence when the site signed them, else set aside.
        Long missing = null;
        for (Node n : nodes) {
            if (n.parent != null) {
                continue;
            }
            if (n.sequence() > settled + 1) {
                // Its predecessor may still arrive.
                missing = missing == null ? n.sequence() - 1 : Math.min(missing, n.sequence() - 1);
                continue;
            }
            Node signed = firstSigned(n);
            if (signed == null) {
                mark(n, n.sequence() <= cursor.sequence() ? SetAsideReason.UNSIGNED_FORK : SetAsideReason.UNSIGNED_BROKEN_CHAIN);
            } else if (failure == null || n.sequence() < failure.sequence()) {
                branches = false;
                failure = n.sequence() <= settled
                        ? new ChainFailure(ChainFailure.Kind.FORK, n.sequence(), "sequence " + n.sequence()
                                + " arrived again with a different hash, in a history signed with the site's key at sequence "
                                + signed.sequence(), signed.event)
                        : new ChainFailure(ChainFailure.Kind.BROKEN_CHAIN, n.sequence(), "previousHash of sequence "
                                + n.sequence() + " is not the hash of sequence " + (n.sequence() - 1)
                                + ", in a history signed with the site's key at sequence " + signed.sequence(), signed.event);
            }
        }

        // With a quarantine, only what its evidence does not touch is applied; the rest waits for the release.
        int through = path.size();
        if (failure != null && failure.kind().quarantines()) {
            long cut = failure.sequence();
            through = 0;
            for (int k = 0; k < path.size() && path.get(k).sequence() < cut; k++) {
                // Where two signed branches part, the common stem is covered by both signatures.
                if (path.get(k).signed || branches && k == path.size() - 1) {
                    through = k + 1;
                }
            }
        } else if (missing != null) {
            long gap = missing;
            boolean present = nodes.stream().anyMatch(n -> n.sequence() == gap);
            failure = new ChainFailure(ChainFailure.Kind.GAP, gap, (present ? "sequence " + gap + " that sequence "
                    + (gap + 1) + " chains to is missing" : "sequence " + gap + " is missing") + "; next present is "
                    + (gap + 1), null);
        }
        boolean quarantines = failure != null && failure.kind().quarantines();
        List<ChainVerdict.VerifiedEvent> accepted = new ArrayList<>();
        for (int k = 0; k < through; k++) {
            path.get(k).accepted = true;
            accepted.add(new ChainVerdict.VerifiedEvent(path.get(k).event, path.get(k).hash));
        }
        ChainPosition position = through == 0 ? cursor
                : new ChainPosition(path.get(through - 1).sequence(), path.get(through - 1).hash);

        List<ChainEvent> pending = new ArrayList<>();
        for (Node n : nodes) {
            if (n.accepted || n.sequence() <= position.sequence()) {
                if (n.setAside != null && !n.accepted) {
                    setAside.add(setAside(n));
                }
            } else if (n.setAside == null || quarantines && n.setAside == SetAsideReason.LOST_TO_SIGNED) {
                pending.add(n.event);
            } else {
                setAside.add(setAside(n));
            }
        }
        return new ChainVerdict(siteCode, position, List.copyOf(accepted), List.copyOf(pending), List.copyOf(setAside),
                redelivered, failure);
    }

    /**
     * What is wrong with a signature: empty when {@code signature} over {@code hash} verifies with the key
     * {@code keyId} names, that key is enrolled for {@code siteCode} and may sign {@code sequence} above the site's
     * applied {@code cursor} ({@link SiteKey#signs}).
     *
     * @param keyId may be null (a {@link SetAsideReason#BAD_SIGNATURE})
     * @return never null
     */
    public Optional<SetAsideReason> signatureFault(String siteCode, long sequence, long cursor, byte[] hash,
                                                   byte[] signature, String keyId) {
        return Optional.ofNullable(checkSignature(siteCode, sequence, cursor, hash, signature, keyId)).map(Fault::reason);
    }

    /** What is wrong with a signature. */
    private record Fault(SetAsideReason reason, String detail) {
    }

    private Fault checkSignature(String siteCode, long sequence, long cursor, byte[] hash, byte[] signature,
                                 String keyId) {
        if (keyId == null) {
            return new Fault(SetAsideReason.BAD_SIGNATURE, "signature without a key id");
        }
        SiteKey key = keys.apply(keyId);
        if (key == null) {
            return new Fault(SetAsideReason.UNKNOWN_KEY, "key id " + keyId + " is not enrolled");
        }
        if (!key.siteCode().equals(siteCode)) {
            return new Fault(SetAsideReason.KEY_OF_ANOTHER_SITE, "key id " + keyId + " is enrolled for site " + key.siteCode());
        }
        if (!key.signs(sequence, cursor)) {
            return new Fault(SetAsideReason.KEY_REVOKED, "key id " + keyId + " may not sign sequence " + sequence
                    + (key.retired() ? ": it was retired after sequence " + key.validThrough()
                    + (sequence <= cursor ? " and cannot prove anything about an applied sequence" : "")
                    : ": it signs from sequence " + key.validFrom()));
        }
        if (!SiteKeys.verify(key.publicKey(), hash, signature)) {
            return new Fault(SetAsideReason.BAD_SIGNATURE,
                    "signature of sequence " + sequence + " does not verify with key id " + keyId);
        }
        return null;
    }

    /** Marks {@code top} and everything chained below it (none of it can join the verified history any more). */
    private static void mark(Node top, SetAsideReason reason) {
        List<Node> todo = new ArrayList<>(List.of(top));
        while (!todo.isEmpty()) {
            Node n = todo.remove(todo.size() - 1);
            n.setAside = reason;
            todo.addAll(n.children);
        }
    }

    /** The lowest signed node at or below {@code top}, or null. */
    private static Node firstSigned(Node top) {
        Node found = null;
        List<Node> todo = new ArrayList<>(List.of(top));
        while (!todo.isEmpty()) {
            Node n = todo.remove(todo.size() - 1);
            if (n.signed && (found == null || n.sequence() < found.sequence())) {
                found = n;
            }
            todo.addAll(n.children);
        }
        return found;
    }

    private static ChainVerdict.SetAside setAside(Node n) {
        String detail = switch (n.setAside) {
            case LOST_TO_SIGNED -> "unsigned sequence " + n.sequence() + " lost to the event the site signed there, or chains to one that did";
            case UNSIGNED_FORK -> "unsigned sequence " + n.sequence() + " differs from the applied history, or chains to one that does";
            case UNSIGNED_BROKEN_CHAIN -> "unsigned sequence " + n.sequence() + " does not chain to the verified history";
            case UNDECODABLE, WRONG_SITE, BAD_SIGNATURE, UNKNOWN_KEY, KEY_OF_ANOTHER_SITE, KEY_REVOKED ->
                    throw new IllegalStateException("not a chain verdict: " + n.setAside);
        };
        return new ChainVerdict.SetAside(n.event, n.hash, n.setAside, detail);
    }
}
