package org.archivesync.schemas.integrity;

import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Ed25519 keys and signatures of a site, with the JDK's own {@code Ed25519} provider.
 *
 * <p>A site signs the chain hash of the last event of each local transaction; as every hash covers all earlier
 * events, one signature vouches for the whole run before it. Public keys travel as X.509 SubjectPublicKeyInfo DER
 * (base64 in JSON), private keys stay at the office as PKCS#8 DER. The key id is the first 8 bytes of the SHA-256 of
 * the public key's DER encoding, in hex (16 characters); it rides with each signed record in the {@code as-key-id}
 * header.
 */
public final class SiteKeys {

    private static final String ALGORITHM = "Ed25519";

    private SiteKeys() {
    }

    /** A fresh key pair from the JDK's strong random source. */
    public static KeyPair generate() {
        try {
            return KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no Ed25519", e);
        }
    }

    /** Signs a chain hash. Ed25519 is deterministic: the same key and hash always give the same 64 bytes. */
    public static byte[] sign(PrivateKey key, byte[] chainHash) {
        try {
            Signature s = Signature.getInstance(ALGORITHM);
            s.initSign(key);
            s.update(chainHash);
            return s.sign();
        } catch (InvalidKeyException e) {
            throw new IllegalArgumentException("not an Ed25519 private key", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 signing failed", e);
        }
    }

    /** True when {@code signature} is a valid Ed25519 signature of {@code chainHash} by {@code key}; never throws on a malformed signature. */
    public static boolean verify(PublicKey key, byte[] chainHash, byte[] signature) {
        if (signature == null) {
            return false;
        }
        try {
            Signature s = Signature.getInstance(ALGORITHM);
            s.initVerify(key);
            s.update(chainHash);
            return s.verify(signature);
        } catch (InvalidKeyException e) {
            throw new IllegalArgumentException("not an Ed25519 public key", e);
        } catch (SignatureException e) {
            return false;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 verification failed", e);
        }
    }

    /** The key id: hex of the first 8 bytes of SHA-256 over the public key's X.509 DER encoding. */
    public static String keyId(PublicKey key) {
        byte[] digest = ChainHash.sha256().digest(key.getEncoded());
        return HexFormat.of().formatHex(Arrays.copyOf(digest, 8));
    }

    /** Base64 (standard alphabet) of the X.509 SubjectPublicKeyInfo DER. */
    public static String encodePublic(PublicKey key) {
        return Base64.getEncoder().encodeToString(key.getEncoded());
    }

    /** Base64 (standard alphabet) of the PKCS#8 DER. */
    public static String encodePrivate(PrivateKey key) {
        return Base64.getEncoder().encodeToString(key.getEncoded());
    }

    /**
     * Parses {@link #encodePublic} output.
     *
     * @throws IllegalArgumentException when the text is not base64 of an Ed25519 public key
     */
    public static PublicKey decodePublic(String base64) {
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64.strip())));
        } catch (InvalidKeySpecException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not a base64 X.509 Ed25519 public key", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no Ed25519", e);
        }
    }

    /**
     * Parses {@link #encodePrivate} output.
     *
     * @throws IllegalArgumentException when the text is not base64 of an Ed25519 PKCS#8 private key
     */
    public static PrivateKey decodePrivate(String base64) {
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64.strip())));
        } catch (InvalidKeySpecException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not a base64 PKCS#8 Ed25519 private key", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no Ed25519", e);
        }
    }
}
