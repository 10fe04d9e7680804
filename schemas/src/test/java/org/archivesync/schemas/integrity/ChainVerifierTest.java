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
    void aRetiredKeySignsNothingAfterItsLastSequence() {
        SiteKey retired = new SiteKey(chain.siteKey().keyId(), SITE, siteKeys.getPublic(), 1, 2);
        ChainVerifier withRetired = new ChainVerifier(Map.of(retired.keyId(), retired)::get);
        ChainEvent e1 = chain.next();
        ChainEvent e2 = chain.nextSigned();
        ChainEvent e3 = chain.nextSigned();

        ChainVerdict verdict = withRetired.verify(SITE, ChainPosition.start(), NOTHING_STORED, List.of(e1, e2, e3));

        assertThat(accepted(verdict)).containsExactly(1L, 2L);
        assertThat(verdict.setAside()).singleElement().satisfies(a -> {
            assertThat(a.event()).isSameAs(e3);
            assertThat(a.reason()).isEqualTo(SetAsideReason.KEY_REVOKED);
            assertThat(a.detail()).contains("retired after sequence 2");
        });
        assertThat(verdict.quarantines()).isFalse();
    }

    @Test
    void aRetiredKeyCannotProveAForkOfTheAppliedHistory() {
        chain.next();
        ChainEvent e2 = chain.nextSigned();
        ChainEvent rewritten2 = chain.forkOf(e2, true);
        SiteKey retired = new SiteKey(chain.siteKey().keyId(), SITE, siteKeys.getPublic(), 1, 5);
        ChainVerifier withRetired = new ChainVerifier(Map.of(retired.keyId(), retired)::get);

        ChainVerdict verdict = withRetired.verify(SITE, chain.at(2), chain::hash, List.of(rewritten2));

        assertThat(verdict.failure()).as("a stolen, revoked key cannot stop the office").isNull();
        assertThat(verdict.setAside()).singleElement().satisfies(a ->
                assertThat(a.reason()).isEqualTo(SetAsideReason.KEY_REVOKED));
        assertThat(verdict.position()).isEqualTo(chain.at(2));
    }

    @Test
    void aRotatedInKeySignsOnlyAfterTheEventThatAnnouncedIt() {
        KeyPair next = SiteKeys.generate();
        SiteKey old = chain.siteKey();
        SiteKey rotatedIn = new SiteKey(SiteKeys.keyId(next.getPublic()), SITE, next.getPublic(), 3, Long.MAX_VALUE);
        ChainVerifier both = new ChainVerifier(Map.of(old.keyId(), old, rotatedIn.keyId(), rotatedIn)::get);
        ChainEvent e1 = chain.next();
        ChainEvent e2 = SiteChain.signedWith(chain.next(), next);
        ChainEvent e3 = SiteChain.signedWith(chain.next(), next);

        ChainVerdict verdict = both.verify(SITE, ChainPosition.start(), NOTHING_STORED, List.of(e1, e2, e3));

        assertThat(verdict.setAside()).singleElement().satisfies(a -> {
            assertThat(a.event()).isSameAs(e2);
            assertThat(a.reason()).isEqualTo(SetAsideReason.KEY_REVOKED);
            assertThat(a.detail()).contains("signs from sequence 3");
        });
        assertThat(verdict.accepted()).isEmpty();
        assertThat(verdict.pending()).as("e3's signature holds, but e2 was not proven").isNotEmpty();
    }

    @Test
    void signedForkBelowTheCursorIsFoundThroughStoredHashes() {
        ChainEvent e1 = chain.next();
        chain.next();
        chain.nextSigned();
        ChainEvent rewritten1 = chain.forkOf(e1, true);
        List<Long> asked = new ArrayList<>();

        ChainVerdict verdict = verifier.verify(SITE, chain.at(3), seq -> {
            asked.add(seq);
            return chain.hash(seq);
        }, List.of(rewritten1));

        assertThat(asked).containsExactly(1L);
        assertThat(verdict.failure().kind()).isEqualTo(Kind.FORK);
        assertThat(verdict.failure().sequence()).isEqualTo(1);
        assertThat(verdict.failure().evidence()).isSameAs(rewritten1);
        assertThat(verdict.quarantines()).isTrue();
        assertThat(verdict.accepted()).isEmpty();
        assertThat(verdict.pending()).isEmpty();
        assertThat(verdict.position()).isEqualTo(chain.at(3));
    }

    @Test
    void unsignedForkAtAnAppliedSequenceIsSetAsideWithoutQuarantine() {
        ChainEvent e1 = chain.next();
        chain.nextSigned();
        ChainEvent rewritten1 = chain.forkOf(e1, false);

        ChainVerdict verdict = verifier.verify(SITE, chain.at(2), chain::hash, List.of(rewritten1));

        assertThat(verdict.failed()).isEmpty();
        assertThat(setAside(verdict)).containsExactly(SetAsideReason.UNSIGNED_FORK);
        assertThat(verdict.setAside().get(0).event()).isSameAs(rewritten1);
        assertThat(verdict.setAside().get(0).detail()).contains("unsigned sequence 1");
        assertThat(verdict.pending()).isEmpty();
        assertThat(verdict.position()).isEqualTo(chain.at(2));
    }

    @Test
    void unsignedEventChainedFromThePublishedCursorLosesToTheSitesSignedEvent() {
        chain.nextSigned();
        ChainPosition published = chain.at(1);
        // Anyone reading archive.site-cursors can chain an event to the cursor, but cannot sign it.
        SiteChain forger = new SiteChain(SITE, unenrolledKeys, "FORGED-");
        ChainEvent forged2 = SiteChain.chainedTo(forger, published, false);
        ChainEvent forged3 = SiteChain.chainedTo(forger, new ChainPosition(2, forged2.hash()), false);
        ChainEvent e2 = chain.next();
        ChainEvent e3 = chain.nextSigned();

        ChainVerdict waiting = verifier.verify(SITE, published, chain::hash, List.of(forged2, forged3, e2));

        assertThat(waiting.failed()).as("two unsigned rivals both wait for a signature").isEmpty();
        assertThat(waiting.pending()).containsExactlyInAnyOrder(forged2, forged3, e2);
        assertThat(waiting.setAside()).isEmpty();

        ChainVerdict signed = verifier.verify(SITE, published, chain::hash, List.of(forged2, forged3, e2, e3));

        assertThat(signed.failed()).isEmpty();
        assertThat(accepted(signed)).containsExactly(2L, 3L);
        assertThat(signed.accepted()).extracting(ChainVerdict.VerifiedEvent::event).containsExactly(e2, e3);
        assertThat(setAside(signed)).containsExactly(SetAsideReason.LOST_TO_SIGNED, SetAsideReason.LOST_TO_SIGNED);
        assertThat(signed.setAside()).extracting(ChainVerdict.SetAside::event).containsExactly(forged2, forged3);
        assertThat(signed.pending()).isEmpty();
        assertThat(signed.position()).isEqualTo(chain.at(3));
    }

    @Test
    void twoBranchesSignedWithTheSitesKeyAreAFork() {
        chain.nextSigned();
        ChainEvent e2 = chain.nextSigned();
        ChainEvent rewritten2 = chain.forkOf(e2, true);

        ChainVerdict verdict = verifier.verify(SITE, chain.at(1), chain::hash, List.of(e2, rewritten2));

        assertThat(verdict.failure().kind()).isEqualTo(Kind.FORK);
        assertThat(verdict.failure().sequence()).isEqualTo(2);
        assertThat(verdict.failure().detail()).contains("two histories signed with the site's key part at sequence 2");
        assertThat(verdict.quarantines()).isTrue();
        assertThat(verdict.accepted()).isEmpty();
        assertThat(verdict.pending()).containsExactlyInAnyOrder(e2, rewritten2);
        assertThat(verdict.position()).isEqualTo(chain.at(1));
    }

    @Test
    void forkSignedFurtherOnQuarantinesWhereItParts() {
        chain.next();
        chain.nextSigned();
        // The office's agent restored an old backup and recorded another history with its own key.
        SiteChain other = new SiteChain(SITE, siteKeys, "OTHER-");
        ChainEvent o1 = other.next();
        ChainEvent o2 = other.next();
        ChainEvent o3 = other.nextSigned();

        ChainVerdict verdict = verifier.verify(SITE, chain.at(2), chain::hash, List.of(o1, o2, o3));

        assertThat(verdict.failure().kind()).isEqualTo(Kind.FORK);
        assertThat(verdict.failure().sequence()).isEqualTo(1);
        assertThat(verdict.failure().evidence()).isSameAs(o3);
        assertThat(verdict.quarantines()).isTrue();
        assertThat(verdict.accepted()).isEmpty();
        assertThat(verdict.pending()).containsExactly(o3);
        assertThat(verdict.setAside()).isEmpty();
    }

    @Test
    void signedEventThatDoesNotChainToTheCursorBreaksTheChain() {
        chain.nextSigned();
        SiteChain other = new SiteChain(SITE, siteKeys, "OTHER-");
        other.next();
        ChainEvent o2 = other.nextSigned();

        ChainVerdict verdict = verifier.verify(SITE, chain.at(1), chain::hash, List.of(o2));

        assertThat(verdict.failure().kind()).isEqualTo(Kind.BROKEN_CHAIN);
        assertThat(verdict.failure().sequence()).isEqualTo(2);
        assertThat(verdict.failure().detail()).contains("previousHash of sequence 2 is not the hash of sequence 1");
        assertThat(verdict.failure().evidence()).isSameAs(o2);
        assertThat(verdict.quarantines()).isTrue();
        assertThat(verdict.pending()).containsExactly(o2);
        assertThat(verdict.position()).isEqualTo(chain.at(1));
    }

    @Test
    void unsignedEventThatDoesNotChainToTheCursorIsSetAside() {
        chain.nextSigned();
        SiteChain other = new SiteChain(SITE, siteKeys, "OTHER-");
        other.next();
        ChainEvent o2 = other.next();
        ChainEvent o3 = other.next();

        ChainVerdict verdict = verifier.verify(SITE, chain.at(1), chain::hash, List.of(o2, o3));

        assertThat(verdict.failed()).isEmpty();
        assertThat(setAside(verdict)).containsExactly(SetAsideReason.UNSIGNED_BROKEN_CHAIN,
                SetAsideReason.UNSIGNED_BROKEN_CHAIN);
        assertThat(verdict.pending()).isEmpty();
        assertThat(verdict.position()).isEqualTo(chain.at(1));
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
    void tamperedMiddleEventWaitsForTheEventItsSignedSuccessorChainsTo() {
        ChainEvent e1 = chain.next();
        ChainEvent real2 = chain.next();
        ChainEvent e2 = SiteChain.tampered(real2);
        ChainEvent e3 = chain.nextSigned();

        ChainVerdict verdict = verifier.verify(SITE, ChainPosition.start(), NOTHING_STORED, List.of(e1, e2, e3));

        assertThat(verdict.failure().kind()).as("the site did not sign the tampered event").isEqualTo(Kind.GAP);
        assertThat(verdict.failure().sequence()).isEqualTo(2);
        assertThat(verdict.failure().detail()).contains("sequence 2 that sequence 3 chains to is missing");
        assertThat(verdict.quarantines()).isFalse();
        assertThat(verdict.accepted()).isEmpty();
        assertThat(verdict.pending()).containsExactly(e1, e2, e3);
        assertThat(verdict.position()).isEqualTo(ChainPosition.start());

        // The agent's repair republishes the real event: it wins, the tampered one is set aside.
        ChainVerdict repaired = verifier.verify(SITE, ChainPosition.start(), NOTHING_STORED, List.of(e1, e2, e3, real2));

        assertThat(repaired.failed()).isEmpty();
        assertThat(accepted(repaired)).containsExactly(1L, 2L, 3L);
        assertThat(repaired.accepted().get(1).event()).isSameAs(real2);
        assertThat(setAside(repaired)).containsExactly(SetAsideReason.LOST_TO_SIGNED);
        assertThat(repaired.position()).isEqualTo(chain.at(3));
    }

    @Test
    void tamperedFirstEventAfterTheCursorWaitsWithoutQuarantine() {
        chain.nextSigned();
        ChainEvent e2 = SiteChain.tampered(chain.next());
        ChainEvent e3 = chain.nextSigned();

        ChainVerdict verdict = verifier.verify(SITE, chain.at(1), chain::hash, List.of(e2, e3));

        assertThat(verdict.failure().kind()).isEqualTo(Kind.GAP);
        assertThat(verdict.failure().sequence()).isEqualTo(2);
        assertThat(verdict.pending()).containsExactly(e2, e3);
        assertThat(verdict.position()).isEqualTo(chain.at(1));
    }

    @Test
    void tamperedSignedLastEventIsSetAsideForItsSignature() {
        ChainEvent e1 = chain.next();
        ChainEvent e2 = chain.next();
        ChainEvent e3 = SiteChain.tampered(chain.nextSigned());

        ChainVerdict verdict = verifier.verify(SITE, ChainPosition.start(), NOTHING_STORED, List.of(e1, e2, e3));

        assertThat(verdict.failed()).isEmpty();
        assertThat(verdict.quarantines()).isFalse();
        assertThat(setAside(verdict)).containsExactly(SetAsideReason.BAD_SIGNATURE);
        assertThat(verdict.setAside().get(0).event()).isSameAs(e3);
        assertThat(verdict.setAside().get(0).detail()).contains("signature of sequence 3 does not verify")
                .contains(chain.siteKey().keyId());
        assertThat(verdict.accepted()).isEmpty();
        assertThat(verdict.pending()).containsExactly(e1, e2);
        assertThat(verdict.position()).isEqualTo(ChainPosition.start());
    }

    @Test
    void signedEventReadWithAnotherSchemaIsSetAsideAsABadSignature() {
        ChainEvent e1 = chain.next();
        ChainEvent e2 = SiteChain.readWith(chain.nextSigned(), OTHER_SCHEMA);

        ChainVerdict verdict = verifier.verify(SITE, ChainPosition.start(), NOTHING_STORED, List.of(e1, e2));

        assertThat(verdict.failed()).isEmpty();
        assertThat(setAside(verdict)).containsExactly(SetAsideReason.BAD_SIGNATURE);
        assertThat(verdict.accepted()).isEmpty();
        assertThat(verdict.position()).isEqualTo(ChainPosition.start());
    }

    @Test
    void unsignedEventReadWithAnotherSchemaIsNeverAppliedNorQuarantinesTheSite() {
        ChainEvent e1 = SiteChain.readWith(chain.next(), OTHER_SCHEMA);
        ChainEvent e2 = chain.nextSigned();

        ChainVerdict verdict = verifier.verify(SITE, ChainPosition.start(), NOTHING_STORED, List.of(e1, e2));

        // The signed event waits for the sequence it really chains to; nothing is applied, nothing quarantines.
        assertThat(verdict.quarantines()).isFalse();
        assertThat(verdict.failed()).hasValueSatisfying(f -> assertThat(f.kind()).isEqualTo(Kind.GAP));
        assertThat(verdict.accepted()).isEmpty();
        assertThat(verdict.position()).isEqualTo(ChainPosition.start());
    }

    @Test
    void forgedSignatureBytesAreSetAside() {
        ChainEvent real = chain.nextSigned();
        byte[] forged = real.signature().clone();
        forged[10] ^= 0x40;
        ChainEvent e1 = new ChainEvent(SITE, 1, real.previousHash(), real.schemaFingerprint(), real.body(), forged,
                real.keyId());

        ChainVerdict verdict = verifier.verify(SITE, ChainPosition.start(), NOTHING_STORED, List.of(e1));

        assertThat(verdict.failed()).isEmpty();
        assertThat(setAside(verdict)).containsExactly(SetAsideReason.BAD_SIGNATURE);
        assertThat(verdict.pending()).isEmpty();
    }

    @Test
    void signatureWithoutAKeyIdIsSetAsideAsABadSignature() {
        ChainEvent real = chain.nextSigned();
        ChainEvent e1 = new ChainEvent(SITE, 1, real.previousHash(), real.schemaFingerprint(), real.body(),
                real.signature(), null);

        ChainVerdict verdict = verifier.verify(SITE, ChainPosition.start(), NOTHING_STORED, List.of(e1));

        assertThat(setAside(verdict)).containsExactly(SetAsideReason.BAD_SIGNATURE);
        assertThat(verdict.setAside().get(0).detail()).contains("without a key id");
    }

    @Test
    void signatureByAnotherSitesEnrolledKeyIsSetAside() {
        ChainEvent e1 = chain.next();
        ChainEvent e2 = SiteChain.signedWith(chain.nextSigned(), otherSiteKeys);

        ChainVerdict verdict = verifier.verify(SITE, ChainPosition.start(), NOTHING_STORED, List.of(e1, e2));

        assertThat(verdict.failed()).isEmpty();
        assertThat(setAside(verdict)).containsExactly(SetAsideReason.KEY_OF_ANOTHER_SITE);
        assertThat(verdict.setAside().get(0).detail()).contains(SiteKeys.keyId(otherSiteKeys.getPublic())).contains(OTHER_SITE);
        assertThat(verdict.accepted()).isEmpty();
        assertThat(verdict.pending()).containsExactly(e1);
    }

    @Test
    void unknownKeyIdIsSetAside() {
        ChainEvent e1 = SiteChain.signedWith(chain.nextSigned(), unenrolledKeys);

        ChainVerdict verdict = verifier.verify(SITE, ChainPosition.start(), NOTHING_STORED, List.of(e1));

        assertThat(verdict.failed()).isEmpty();
        assertThat(setAside(verdict)).containsExactly(SetAsideReason.UNKNOWN_KEY);
        assertThat(verdict.setAside().get(0).detail()).contains(SiteKeys.keyId(unenrolledKeys.getPublic())).contains("not enrolled");
        assertThat(verdict.accepted()).isEmpty();
        assertThat(verdict.pending()).isEmpty();
    }

    @Test
    void eventNamingAnotherSiteIsSetAside() {
        ChainEvent e1 = chain.nextSigned();
        // A correctly chained and signed event of the other site, arriving in this site's stream.
        SiteChain other = new SiteChain(OTHER_SITE, otherSiteKeys);
        other.next();
        ChainEvent foreign = other.nextSigned();

        ChainVerdict verdict = verifier.verify(SITE, ChainPosition.start(), NOTHING_STORED, List.of(e1, foreign));

        assertThat(verdict.failed()).isEmpty();
        assertThat(setAside(verdict)).containsExactly(SetAsideReason.WRONG_SITE);
        assertThat(verdict.setAside().get(0).detail()).contains(OTHER_SITE).contains(SITE);
        assertThat(accepted(verdict)).containsExactly(1L);
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
    void eventsCoveredByAnEarlierSignatureAreAcceptedDespiteALaterForgery() {
        ChainEvent e1 = chain.next();
        ChainEvent e2 = chain.nextSigned();
        ChainEvent e3 = chain.next();
        ChainEvent e4 = SiteChain.tampered(chain.nextSigned());
        ChainEvent e5 = chain.nextSigned();

        ChainVerdict verdict = verifier.verify(SITE, ChainPosition.start(), NOTHING_STORED, List.of(e1, e2, e3, e4, e5));

        assertThat(verdict.failure().kind()).isEqualTo(Kind.GAP);
        assertThat(verdict.failure().sequence()).isEqualTo(4);
        assertThat(verdict.quarantines()).isFalse();
        assertThat(setAside(verdict)).containsExactly(SetAsideReason.BAD_SIGNATURE);
        assertThat(accepted(verdict)).containsExactly(1L, 2L);
        assertThat(verdict.pending()).containsExactly(e3, e5);
        assertThat(verdict.position()).isEqualTo(chain.at(2));
    }

    @Test
    void sliceOfALongUnsignedRunIsAcceptedWhenTheCallerVouchesForIt() {
        ChainEvent e1 = chain.next();
        ChainEvent e2 = chain.next();
        ChainEvent e3 = chain.next();
        chain.nextSigned(); // 4: verified by the caller, not in this slice

        ChainVerdict alone = verifier.verify(SITE, ChainPosition.start(), NOTHING_STORED, List.of(e1, e2, e3));
        ChainVerdict vouched = verifier.verify(SITE, ChainPosition.start(), NOTHING_STORED, List.of(e1, e2, e3),
                e -> e == e1 || e == e2);

        assertThat(alone.accepted()).isEmpty();
        assertThat(vouched.failed()).isEmpty();
        assertThat(accepted(vouched)).containsExactly(1L, 2L);
        assertThat(vouched.pending()).containsExactly(e3);
        assertThat(vouched.position()).isEqualTo(chain.at(2));
    }

    @Test
    void signatureFaultNamesWhatIsWrongWithOneSignature() {
        ChainEvent e1 = chain.nextSigned();
        ChainEvent other = SiteChain.signedWith(e1, otherSiteKeys);
        ChainEvent unknown = SiteChain.signedWith(e1, unenrolledKeys);

        assertThat(verifier.signatureFault(SITE, 1, 0, e1.hash(), e1.signature(), e1.keyId())).isEmpty();
        assertThat(verifier.signatureFault(SITE, 1, 0, e1.hash(), other.signature(), other.keyId()))
                .contains(SetAsideReason.KEY_OF_ANOTHER_SITE);
        assertThat(verifier.signatureFault(SITE, 1, 0, e1.hash(), unknown.signature(), unknown.keyId()))
                .contains(SetAsideReason.UNKNOWN_KEY);
        assertThat(verifier.signatureFault(SITE, 1, 0, chain.hash(0), e1.signature(), e1.keyId()))
                .contains(SetAsideReason.BAD_SIGNATURE);
        assertThat(verifier.signatureFault(SITE, 1, 0, e1.hash(), e1.signature(), null)).contains(SetAsideReason.BAD_SIGNATURE);
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

    private static List<SetAsideReason> setAside(ChainVerdict verdict) {
        return verdict.setAside().stream().map(ChainVerdict.SetAside::reason).toList();
    }

    private static List<Long> accepted(ChainVerdict verdict) {
        return verdict.accepted().stream().map(v -> v.event().sequence()).toList();
    }
}
