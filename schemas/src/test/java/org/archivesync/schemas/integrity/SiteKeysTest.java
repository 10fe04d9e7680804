package org.archivesync.schemas.integrity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Ed25519 keys of a site: ids, encodings and signatures as the enrollment API and the verifier rely on them. */
class SiteKeysTest {

    private static KeyPair keys;
    private static KeyPair otherKeys;
    private static final byte[] HASH = ChainHash.next(ChainHash.genesis(), new byte[32], new byte[] {1, 2, 3});

    @BeforeAll
    static void generate() {
        keys = SiteKeys.generate();
        otherKeys = SiteKeys.generate();
    }

    @Test
    void keyIdIsSixteenHexCharactersAndStable() throws NoSuchAlgorithmException {
        String id = SiteKeys.keyId(keys.getPublic());

        assertThat(id).matches("[0-9a-f]{16}");
        assertThat(SiteKeys.keyId(SiteKeys.decodePublic(SiteKeys.encodePublic(keys.getPublic()))))
                .as("the same key after a trip through enrollment").isEqualTo(id);
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(keys.getPublic().getEncoded());
        assertThat(id).isEqualTo(HexFormat.of().formatHex(Arrays.copyOf(digest, 8)));
        assertThat(SiteKeys.keyId(otherKeys.getPublic())).isNotEqualTo(id);
        assertThat(SiteKey.of("CM.CAINUOC.UBND", keys.getPublic()).keyId()).isEqualTo(id);
    }

    @Test
    void publicKeySurvivesEncodeAndDecode() {
        String text = SiteKeys.encodePublic(keys.getPublic());

        PublicKey decoded = SiteKeys.decodePublic(text);

        assertThat(decoded.getEncoded()).isEqualTo(keys.getPublic().getEncoded());
        assertThat(Base64.getDecoder().decode(text)).as("X.509 SubjectPublicKeyInfo DER of Ed25519 is 44 bytes").hasSize(44);
        assertThat(SiteKeys.decodePublic("  " + text + "\n")).as("whitespace around pasted keys is tolerated")
                .isEqualTo(decoded);
    }

    @Test
    void privateKeySurvivesEncodeAndDecodeAndStillSigns() {
        PrivateKey decoded = SiteKeys.decodePrivate(SiteKeys.encodePrivate(keys.getPrivate()));

        byte[] signature = SiteKeys.sign(decoded, HASH);

        assertThat(signature).hasSize(64);
        assertThat(SiteKeys.verify(keys.getPublic(), HASH, signature)).isTrue();
    }

    @Test
    void signingIsDeterministic() {
        assertThat(SiteKeys.sign(keys.getPrivate(), HASH)).isEqualTo(SiteKeys.sign(keys.getPrivate(), HASH));
    }

    @Test
    void verifyIsFalseForAnotherKey() {
        byte[] signature = SiteKeys.sign(keys.getPrivate(), HASH);

        assertThat(SiteKeys.verify(otherKeys.getPublic(), HASH, signature)).isFalse();
    }

    @Test
    void verifyIsFalseForAModifiedHash() {
        byte[] signature = SiteKeys.sign(keys.getPrivate(), HASH);
        byte[] modified = HASH.clone();
        modified[31] ^= 0x01;

        assertThat(SiteKeys.verify(keys.getPublic(), modified, signature)).isFalse();
    }

    @Test
    void verifyIsFalseForAMalformedOrMissingSignature() {
        byte[] signature = SiteKeys.sign(keys.getPrivate(), HASH);

        assertThat(SiteKeys.verify(keys.getPublic(), HASH, Arrays.copyOf(signature, 63))).isFalse();
        assertThat(SiteKeys.verify(keys.getPublic(), HASH, new byte[0])).isFalse();
        assertThat(SiteKeys.verify(keys.getPublic(), HASH, null)).isFalse();
    }

    @Test
    void decodePublicOfGarbageIsIllegalArgument() {
        assertThatThrownBy(() -> SiteKeys.decodePublic("not base64 at all!"))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a base64 X.509 Ed25519 public key");
        assertThatThrownBy(() -> SiteKeys.decodePublic(Base64.getEncoder().encodeToString(new byte[] {1, 2, 3, 4, 5})))
                .isExactlyInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SiteKeys.decodePublic(""))
                .isExactlyInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void decodePublicOfAnotherAlgorithmsKeyIsIllegalArgument() throws NoSuchAlgorithmException {
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(256);
        String p256 = Base64.getEncoder().encodeToString(ec.generateKeyPair().getPublic().getEncoded());

        assertThatThrownBy(() -> SiteKeys.decodePublic(p256)).isExactlyInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void decodePrivateOfGarbageIsIllegalArgument() {
        assertThatThrownBy(() -> SiteKeys.decodePrivate("%%%"))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("PKCS#8");
        assertThatThrownBy(() -> SiteKeys.decodePrivate(SiteKeys.encodePublic(keys.getPublic())))
                .as("a public key pasted where the private one belongs")
                .isExactlyInstanceOf(IllegalArgumentException.class);
    }
}
