package org.archivesync.schemas.integrity;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;
import org.archivesync.schemas.SampleRecords;
import org.archivesync.schemas.integrity.ChainFailure.Kind;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One test per verdict of the verifier, over real SiteEvent bytes chained and signed as the agent does. Each asserts
 * the whole verdict: failure kind and sequence, new cursor, accepted and pending events, redeliveries.
 */
class ChainVerifierTest {

    private static final String SITE = SampleRecords.SITE;
    private static final String OTHER_SITE = SampleRecords.OTHER_SITE;
    private static final LongFunction<byte[]> NOTHING_STORED = seq -> null;
    /** The fingerprint of some other schema: the body's bytes are the same, its reading is not. */
    private static final byte[] OTHER_SCHEMA = SchemaFingerprint.of(org.archivesync.avro.BoxRecorded.getClassSchema());

    private static KeyPair siteKeys;
    private static KeyPair otherSiteKeys;
    private static KeyPair unenrolledKeys;

    private SiteChain chain;
    private ChainVerifier verifier;

    @BeforeAll
    static void keys() {
        siteKeys = SiteKeys.generate();
        otherSiteKeys = SiteKeys.generate();
        unenrolledKeys = SiteKeys.generate();
    }

    @BeforeEach
    void newChain() {
        chain = new SiteChain(SITE, siteKeys);
        SiteKey otherSiteKey = SiteKey.of(OTHER_SITE, otherSiteKeys.getPublic());
        Map<String, SiteKey> enrolled = Map.of(chain.siteKey().keyId(), chain.siteKey(), otherSiteKey.keyId(), otherSiteKey);
        verifier = new ChainVerifier(enrolled::get);
    }

    @Test
    void cleanRunSignedAtTheEndIsAccepted() {
        ChainEvent e1 = chain.next();
        ChainEvent e2 = chain.next();
        ChainEvent e3 = chain.nextSigned();

        ChainVerdict verdict = verifier.verify(SITE, ChainPosition.start(), NOTHING_STORED, List.of(e1, e2, e3));

        assertThat(verdict.failed()).isEmpty();
        assertThat(verdict.quarantines()).isFalse();
        assertThat(verdict.siteCode()).isEqualTo(SITE);
        assertThat(accepted(verdict)).containsExactly(1L, 2L, 3L);
        assertThat(verdict.accepted()).extracting(ChainVerdict.VerifiedEvent::event).containsExactly(e1, e2, e3);
        assertThat(verdict.accepted()).extracting(v -> ChainHash.hex(v.hash()))
                .containsExactly(ChainHash.hex(chain.hash(1)), ChainHash.hex(chain.hash(2)), ChainHash.hex(chain.hash(3)));
        assertThat(verdict.pending()).isEmpty();
        assertThat(verdict.position()).isEqualTo(chain.at(3));
        assertThat(verdict.verifiedThrough()).isEqualTo(3);
        assertThat(verdict.redelivered()).isZero();
    }

    @Test
    void unsignedTailIsPendingUntilItsSignedEventArrives() {
        ChainEvent e1 = chain.nextSigned();
        ChainEvent e2 = chain.next();
        ChainEvent e3 = chain.next();
        ChainEvent e4 = chain.nextSigned();

        ChainVerdict first = verifier.verify(SITE, ChainPosition.start(), NOTHING_STORED, List.of(e1, e2, e3));

        assertThat(first.failed()).as("waiting is not a failure").isEmpty();
        assertThat(accepted(first)).containsExactly(1L);
        assertThat(first.pending()).containsExactly(e2, e3);
        assertThat(first.position()).isEqualTo(chain.at(1));

        List<ChainEvent> later = new ArrayList<>(first.pending());
        later.add(e4);
        ChainVerdict second = verifier.verify(SITE, first.position(), chain::hash, later);

        assertThat(second.failed()).isEmpty();
        assertThat(accepted(second)).containsExactly(2L, 3L, 4L);
        assertThat(second.pending()).isEmpty();
        assertThat(second.position()).isEqualTo(chain.at(4));
    }

    @Test
    void runWithoutAnySignatureAcceptsNothing() {
        ChainEvent e1 = chain.next();
        ChainEvent e2 = chain.next();

        ChainVerdict verdict = verifier.verify(SITE, ChainPosition.start(), NOTHING_STORED, List.of(e1, e2));

        assertThat(verdict.failed()).isEmpty();
        assertThat(verdict.accepted()).isEmpty();
        assertThat(verdict.pending()).containsExactly(e1, e2);
        assertThat(verdict.position()).isEqualTo(ChainPosition.start());
    }

    @Test
    void gapReportsTheFirstMissingSequenceAndParksTheRest() {
        ChainEvent e1 = chain.next();
        ChainEvent e2 = chain.nextSigned();
        chain.next(); // 3: lost on the way
        ChainEvent e4 = chain.next();
        ChainEvent e5 = chain.nextSigned();

        ChainVerdict verdict = verifier.verify(SITE, ChainPosition.start(), NOTHING_STORED, List.of(e1, e2, e4, e5));

        assertThat(verdict.failure().kind()).isEqualTo(Kind.GAP);
        assertThat(verdict.failure().sequence()).isEqualTo(3);
        assertThat(verdict.failure().detail()).contains("sequence 3 is missing").contains("next present is 4");
        assertThat(verdict.quarantines()).as("a gap parks, it does not quarantine").isFalse();
        assertThat(accepted(verdict)).containsExactly(1L, 2L);
        assertThat(verdict.pending()).containsExactly(e4, e5);
        assertThat(verdict.position()).isEqualTo(chain.at(2));
    }

    @Test
    void gapRightAfterTheCursorParksEverything() {
        chain.nextSigned();
        chain.next();
        ChainEvent e3 = chain.nextSigned();

        ChainVerdict verdict = verifier.verify(SITE, chain.at(1), chain::hash, List.of(e3));

        assertThat(verdict.failure().kind()).isEqualTo(Kind.GAP);
        assertThat(verdict.failure().sequence()).isEqualTo(2);
        assertThat(verdict.accepted()).isEmpty();
        assertThat(verdict.pending()).containsExactly(e3);
        assertThat(verdict.position()).isEqualTo(chain.at(1));
    }

    @Test
    void forkAtTheCursorQuarantines() {
        chain.next();
        ChainEvent e2 = chain.nextSigned();
        ChainEvent e3 = chain.nextSigned();
        ChainEvent rewritten2 = chain.forkOf(e2, true);

        ChainVerdict verdict = verifier.verify(SITE, chain.at(2), chain::hash, List.of(rewritten2, e3));

        assertThat(verdict.failure().kind()).isEqualTo(Kind.FORK);
        assertThat(verdict.failure().sequence()).isEqualTo(2);
        assertThat(verdict.failure().detail()).contains("sequence 2 arrived again with a different hash");
        assertThat(verdict.quarantines()).isTrue();
        assertThat(verdict.accepted()).isEmpty();
        assertThat(verdict.pending()).containsExactly(e3);
        assertThat(verdict.position()).isEqualTo(chain.at(2));
        assertThat(verdict.redelivered()).isZero();
    }

    @Test
    void forkBelowTheCursorIsFoundThroughStoredHashes() {
        ChainEvent e1 = chain.next();
        chain.next();
        chain.nextSigned();
        ChainEvent rewritten1 = chain.forkOf(e1, false);
        List<Long> asked = new ArrayList<>();

        ChainVerdict verdict = verifier.verify(SITE, chain.at(3), seq -> {
            asked.add(seq);
            return chain.hash(seq);
        }, List.of(rewritten1));

        assertThat(asked).containsExactly(1L);
        assertThat(verdict.failure().kind()).isEqualTo(Kind.FORK);
        assertThat(verdict.failure().sequence()).isEqualTo(1);
        assertThat(verdict.quarantines()).isTrue();
        assertThat(verdict.accepted()).isEmpty();
        assertThat(verdict.pending()).isEmpty();
        assertThat(verdict.position()).isEqualTo(chain.at(3));
    }

    @Test
    void eventBelowTheCursorWithoutAStoredHashCountsAsRedelivered() {
        ChainEvent e1 = chain.next();
        chain.nextSigned();
        ChainEvent rewritten1 = chain.forkOf(e1, false);

        // The contract: null from storedHashes means "unknown", and an unknown old event cannot be judged.
        ChainVerdict verdict = verifier.verify(SITE, chain.at(2), NOTHING_STORED, List.of(rewritten1));

        assertThat(verdict.failed()).isEmpty();
        assertThat(verdict.redelivered()).isEqualTo(1);
        assertThat(verdict.position()).isEqualTo(chain.at(2));
    }

    @Test
    void tamperedMiddleEventBreaksTheChainAtTheNextSequence() {
        ChainEvent e1 = chain.next();
        ChainEvent e2 = SiteChain.tampered(chain.next());
        ChainEvent e3 = chain.nextSigned();

        ChainVerdict verdict = verifier.verify(SITE, ChainPosition.start(), NOTHING_STORED, List.of(e1, e2, e3));

        assertThat(verdict.failure().kind()).isEqualTo(Kind.BROKEN_CHAIN);
        assertThat(verdict.failure().sequence()).isEqualTo(3);
        assertThat(verdict.failure().detail()).contains("previousHash of sequence 3 is not the hash of sequence 2");
        assertThat(verdict.quarantines()).isTrue();
        assertThat(verdict.accepted()).isEmpty();
        assertThat(verdict.pending()).containsExactly(e1, e2, e3);
        assertThat(verdict.position()).isEqualTo(ChainPosition.start());
    }

    @Test
    void tamperedFirstEventAfterTheCursorBreaksTheChainAtTheNextSequence() {
        chain.nextSigned();
        ChainEvent e2 = SiteChain.tampered(chain.next());
        ChainEvent e3 = chain.nextSigned();

        ChainVerdict verdict = verifier.verify(SITE, chain.at(1), chain::hash, List.of(e2, e3));

        assertThat(verdict.failure().kind()).isEqualTo(Kind.BROKEN_CHAIN);
        assertThat(verdict.failure().sequence()).isEqualTo(3);
        assertThat(verdict.position()).isEqualTo(chain.at(1));
    }

    @Test
    void tamperedSignedLastEventFailsItsSignature() {
        ChainEvent e1 = chain.next();
        ChainEvent e2 = chain.next();
        ChainEvent e3 = SiteChain.tampered(chain.nextSigned());

        ChainVerdict verdict = verifier.verify(SITE, ChainPosition.start(), NOTHING_STORED, List.of(e1, e2, e3));

        assertThat(verdict.failure().kind()).isEqualTo(Kind.BAD_SIGNATURE);
        assertThat(verdict.failure().sequence()).isEqualTo(3);
        assertThat(verdict.failure().detail()).contains("signature of sequence 3 does not verify")
                .contains(chain.siteKey().keyId());
        assertThat(verdict.quarantines()).isTrue();
        assertThat(verdict.accepted()).isEmpty();
        assertThat(verdict.pending()).containsExactly(e1, e2, e3);
        assertThat(verdict.position()).isEqualTo(ChainPosition.start());
    }

    @Test
    void signedEventReadWithAnotherSchemaFailsItsSignature() {
        ChainEvent e1 = chain.next();
        ChainEvent e2 = SiteChain.readWith(chain.nextSigned(), OTHER_SCHEMA);

        ChainVerdict verdict = verifier.verify(SITE, ChainPosition.start(), NOTHING_STORED, List.of(e1, e2));

        assertThat(verdict.failure().kind()).isEqualTo(Kind.BAD_SIGNATURE);
        assertThat(verdict.failure().sequence()).isEqualTo(2);
        assertThat(verdict.failure().detail()).contains("writer schema fingerprint "
                + ChainHash.hex(OTHER_SCHEMA).substring(0, 16));
        assertThat(verdict.accepted()).isEmpty();
        assertThat(verdict.position()).isEqualTo(ChainPosition.start());
    }

    @Test
    void unsignedEventReadWithAnotherSchemaBreaksTheChainAtTheNextSequence() {
        ChainEvent e1 = SiteChain.readWith(chain.next(), OTHER_SCHEMA);
        ChainEvent e2 = chain.nextSigned();

        ChainVerdict verdict = verifier.verify(SITE, ChainPosition.start(), NOTHING_STORED, List.of(e1, e2));

        assertThat(verdict.failure().kind()).isEqualTo(Kind.BROKEN_CHAIN);
        assertThat(verdict.failure().sequence()).isEqualTo(2);
        assertThat(verdict.failure().detail()).contains("read with writer schema fingerprint "
                + ChainHash.hex(OTHER_SCHEMA).substring(0, 16));
        assertThat(verdict.accepted()).isEmpty();
    }

    @Test
    void forgedSignatureBytesFailTheSignature() {
        ChainEvent real = chain.nextSigned();
        byte[] forged = real.signature().clone();
        forged[10] ^= 0x40;
        ChainEvent e1 = new ChainEvent(SITE, 1, real.previousHash(), real.schemaFingerprint(), real.body(), forged,
                real.keyId());

        ChainVerdict verdict = verifier.verify(SITE, ChainPosition.start(), NOTHING_STORED, List.of(e1));

        assertThat(verdict.failure().kind()).isEqualTo(Kind.BAD_SIGNATURE);
        assertThat(verdict.failure().sequence()).isEqualTo(1);
    }

    @Test
    void signatureWithoutAKeyIdIsABadSignature() {
        ChainEvent real = chain.nextSigned();
        ChainEvent e1 = new ChainEvent(SITE, 1, real.previousHash(), real.schemaFingerprint(), real.body(),
                real.signature(), null);

        ChainVerdict verdict = verifier.verify(SITE, ChainPosition.start(), NOTHING_STORED, List.of(e1));

        assertThat(verdict.failure().kind()).isEqualTo(Kind.BAD_SIGNATURE);
        assertThat(verdict.failure().detail()).contains("without a key id");
    }

    @Test
    void signatureByAnotherSitesEnrolledKeyIsRefused() {
        ChainEvent e1 = chain.next();
        ChainEvent e2 = SiteChain.signedWith(chain.nextSigned(), otherSiteKeys);

        ChainVerdict verdict = verifier.verify(SITE, ChainPosition.start(), NOTHING_STORED, List.of(e1, e2));

        assertThat(verdict.failure().kind()).isEqualTo(Kind.KEY_OF_ANOTHER_SITE);
        assertThat(verdict.failure().sequence()).isEqualTo(2);
        assertThat(verdict.failure().detail()).contains(SiteKeys.keyId(otherSiteKeys.getPublic())).contains(OTHER_SITE);
        assertThat(verdict.quarantines()).isTrue();
        assertThat(verdict.accepted()).isEmpty();
        assertThat(verdict.pending()).containsExactly(e1, e2);
    }

    @Test
    void unknownKeyIdIsRefused() {
        ChainEvent e1 = SiteChain.signedWith(chain.nextSigned(), unenrolledKeys);

        ChainVerdict verdict = verifier.verify(SITE, ChainPosition.start(), NOTHING_STORED, List.of(e1));

        assertThat(verdict.failure().kind()).isEqualTo(Kind.UNKNOWN_KEY);
        assertThat(verdict.failure().sequence()).isEqualTo(1);
        assertThat(verdict.failure().detail()).contains(SiteKeys.keyId(unenrolledKeys.getPublic())).contains("not enrolled");
        assertThat(verdict.quarantines()).isTrue();
        assertThat(verdict.accepted()).isEmpty();
        assertThat(verdict.pending()).containsExactly(e1);
    }

    @Test
    void eventNamingAnotherSiteIsRefused() {
        ChainEvent e1 = chain.nextSigned();
        // A correctly chained and signed event of the other site, arriving in this site's stream.
        SiteChain other = new SiteChain(OTHER_SITE, otherSiteKeys);
        other.next();
        ChainEvent foreign = other.nextSigned();

        ChainVerdict verdict = verifier.verify(SITE, ChainPosition.start(), NOTHING_STORED, List.of(e1, foreign));

        assertThat(verdict.failure().kind()).isEqualTo(Kind.WRONG_SITE);
        assertThat(verdict.failure().sequence()).isEqualTo(2);
        assertThat(verdict.failure().detail()).contains(OTHER_SITE).contains(SITE);
        assertThat(verdict.quarantines()).isTrue();
        assertThat(accepted(verdict)).as("the signed event before it still stands").containsExactly(1L);
        assertThat(verdict.position()).isEqualTo(chain.at(1));
    }

    @Test
    void redeliveredPrefixIsSkippedAndNewEventsAccepted() {
        ChainEvent e1 = chain.next();
        ChainEvent e2 = chain.nextSigned();
        ChainEvent e3 = chain.next();
        ChainEvent e4 = chain.nextSigned();

        // The agent republished from 1 after reading an old cursor; the hub had already applied 1-2.
        ChainVerdict verdict = verifier.verify(SITE, chain.at(2), chain::hash, List.of(e1, e2, e3, e4));

        assertThat(verdict.failed()).isEmpty();
        assertThat(verdict.redelivered()).isEqualTo(2);
        assertThat(accepted(verdict)).containsExactly(3L, 4L);
        assertThat(verdict.pending()).isEmpty();
        assertThat(verdict.position()).isEqualTo(chain.at(4));
    }

    @Test
    void fullyRedeliveredRunChangesNothing() {
        ChainEvent e1 = chain.next();
        ChainEvent e2 = chain.nextSigned();

        ChainVerdict verdict = verifier.verify(SITE, chain.at(2), chain::hash, List.of(e1, e2));

        assertThat(verdict.failed()).isEmpty();
        assertThat(verdict.redelivered()).isEqualTo(2);
        assertThat(verdict.accepted()).isEmpty();
        assertThat(verdict.pending()).isEmpty();
        assertThat(verdict.position()).isEqualTo(chain.at(2));
    }

    @Test
    void duplicatesWithinARunAreAcceptedOnce() {
        ChainEvent e1 = chain.next();
        ChainEvent e2 = chain.next();
        ChainEvent e3 = chain.nextSigned();

        ChainVerdict verdict = verifier.verify(SITE, ChainPosition.start(), NOTHING_STORED, List.of(e1, e2, e2, e3, e3, e1));

        assertThat(verdict.failed()).isEmpty();
        assertThat(accepted(verdict)).containsExactly(1L, 2L, 3L);
        assertThat(verdict.redelivered()).isEqualTo(3);
        assertThat(verdict.pending()).isEmpty();
        assertThat(verdict.position()).isEqualTo(chain.at(3));
    }

    @Test
    void eventsGivenOutOfOrderAreSorted() {
        ChainEvent e1 = chain.next();
        ChainEvent e2 = chain.next();
        ChainEvent e3 = chain.nextSigned();
        ChainEvent e4 = chain.next();

        ChainVerdict verdict = verifier.verify(SITE, ChainPosition.start(), NOTHING_STORED, List.of(e4, e3, e1, e2));

        assertThat(verdict.failed()).isEmpty();
        assertThat(verdict.accepted()).extracting(ChainVerdict.VerifiedEvent::event).containsExactly(e1, e2, e3);
        assertThat(verdict.pending()).containsExactly(e4);
        assertThat(verdict.position()).isEqualTo(chain.at(3));
    }

    @Test
    void eventsCoveredByAnEarlierSignatureAreAcceptedDespiteALaterFailure() {
        ChainEvent e1 = chain.next();
        ChainEvent e2 = chain.nextSigned();
        ChainEvent e3 = chain.next();
        ChainEvent e4 = SiteChain.tampered(chain.nextSigned());
        ChainEvent e5 = chain.nextSigned();

        ChainVerdict verdict = verifier.verify(SITE, ChainPosition.start(), NOTHING_STORED, List.of(e1, e2, e3, e4, e5));

        assertThat(verdict.failure().kind()).isEqualTo(Kind.BAD_SIGNATURE);
        assertThat(verdict.failure().sequence()).isEqualTo(4);
        assertThat(verdict.quarantines()).isTrue();
        assertThat(accepted(verdict)).containsExactly(1L, 2L);
        assertThat(verdict.pending()).containsExactly(e3, e4, e5);
        assertThat(verdict.position()).isEqualTo(chain.at(2));
    }

    @Test
    void emptyRunKeepsTheCursor() {
        ChainVerdict verdict = verifier.verify(SITE, ChainPosition.start(), NOTHING_STORED, List.of());

        assertThat(verdict.failed()).isEmpty();
        assertThat(verdict.accepted()).isEmpty();
        assertThat(verdict.pending()).isEmpty();
        assertThat(verdict.position()).isEqualTo(ChainPosition.start());
    }

    @Test
    void onlyGapDoesNotQuarantine() {
        for (Kind kind : Kind.values()) {
            assertThat(kind.quarantines()).as(kind.name()).isEqualTo(kind != Kind.GAP);
        }
    }

    private static List<Long> accepted(ChainVerdict verdict) {
        return verdict.accepted().stream().map(v -> v.event().sequence()).toList();
    }
}
