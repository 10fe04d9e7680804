package org.archivesync.schemas.integrity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.archivesync.avro.BoxRecorded;
import org.archivesync.avro.SiteEvent;
import org.junit.jupiter.api.Test;

/** The chain rule and the cursor value, on their own. */
class ChainHashTest {

    @Test
    void genesisIsThirtyTwoZeroBytesAndAFreshCopy() {
        byte[] genesis = ChainHash.genesis();
        genesis[0] = 1;

        assertThat(ChainHash.genesis()).hasSize(32).containsOnly(0);
    }

    @Test
    void nextIsSha256OfPreviousThenSchemaFingerprintThenBody() throws NoSuchAlgorithmException {
        byte[] fingerprint = SchemaFingerprint.of(SiteEvent.getClassSchema());
        byte[] previous = ChainHash.next(ChainHash.genesis(), fingerprint, new byte[] {42});
        byte[] body = {1, 2, 3, 4, 5};
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        sha.update(previous);
        sha.update(fingerprint);
        sha.update(body);

        assertThat(ChainHash.next(previous, fingerprint, body)).isEqualTo(sha.digest());
        assertThat(ChainHash.next(previous, fingerprint, new byte[] {9, 1, 2, 3, 4, 5, 9}, 1, 5))
                .isEqualTo(ChainHash.next(previous, fingerprint, body));
    }

    @Test
    void sameBodyWithAnotherWriterSchemaHashesDifferently() {
        byte[] body = {1, 2, 3};

        assertThat(ChainHash.next(ChainHash.genesis(), SchemaFingerprint.of(SiteEvent.getClassSchema()), body))
                .isNotEqualTo(ChainHash.next(ChainHash.genesis(), SchemaFingerprint.of(BoxRecorded.getClassSchema()), body));
    }

    @Test
    void previousHashOrFingerprintOfTheWrongLengthIsRefused() {
        assertThatThrownBy(() -> ChainHash.next(new byte[31], new byte[32], new byte[] {1}))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("32 bytes, was 31");
        assertThatThrownBy(() -> ChainHash.next(new byte[32], new byte[8], new byte[] {1}))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("schema fingerprint must be 32 bytes, was 8");
    }

    @Test
    void hexIsLowerCase() {
        assertThat(ChainHash.hex(new byte[] {(byte) 0xAB, 0x01})).isEqualTo("ab01");
    }

    @Test
    void sameComparesContentAndIsFalseForNull() {
        assertThat(ChainHash.same(new byte[] {1, 2}, new byte[] {1, 2})).isTrue();
        assertThat(ChainHash.same(new byte[] {1, 2}, new byte[] {1, 3})).isFalse();
        assertThat(ChainHash.same(null, new byte[] {1})).isFalse();
        assertThat(ChainHash.same(null, null)).isFalse();
    }

    @Test
    void positionComparesHashContentAndRefusesBadValues() {
        assertThat(new ChainPosition(3, new byte[32])).isEqualTo(new ChainPosition(3, new byte[32]))
                .hasSameHashCodeAs(new ChainPosition(3, new byte[32]));
        assertThat(ChainPosition.start()).isEqualTo(new ChainPosition(0, ChainHash.genesis()));
        assertThatThrownBy(() -> new ChainPosition(-1, new byte[32])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ChainPosition(1, new byte[16])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void chainEventNeverPrintsItsBody() {
        ChainEvent event = new ChainEvent("CM.CAINUOC.UBND", 7, new byte[32], new byte[32], "Tối mật".getBytes(),
                null, null);

        assertThat(event.toString()).isEqualTo("ChainEvent[siteCode=CM.CAINUOC.UBND, sequence=7, signed=false]");
    }
}
