package org.archivesync.hub.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** RFC 6238 as authenticator apps speak it, checked against the RFC's own test vectors (Appendix B, SHA-1). */
class TotpTest {

    /** The RFC's SHA-1 seed, ASCII "12345678901234567890". */
    private static final byte[] SEED = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);
    private static final String SEED_BASE32 = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

    @ParameterizedTest
    @CsvSource({"59, 94287082", "1111111109, 07081804", "1111111111, 14050471", "1234567890, 89005924",
            "2000000000, 69279037", "20000000000, 65353130"})
    void rfc6238AppendixBVectors(long unixSeconds, String expected) {
        long step = Totp.step(Instant.ofEpochSecond(unixSeconds));

        assertThat(Totp.code(SEED, step, 8)).isEqualTo(expected);
        // Six digits are the last six of the eight (the same value modulo 10^6).
        assertThat(Totp.code(SEED, step, 6)).isEqualTo(expected.substring(2));
        assertThat(Totp.matchingStep(SEED_BASE32, expected.substring(2), Instant.ofEpochSecond(unixSeconds)))
                .hasValue(step);
    }

    @Test
    void base32RoundTripsAndReadsTheRfcSeed() {
        assertThat(Totp.base32(SEED)).isEqualTo(SEED_BASE32);
        assertThat(Totp.fromBase32(SEED_BASE32.toLowerCase())).isEqualTo(SEED);
        assertThat(Totp.base32("foobar".getBytes(StandardCharsets.US_ASCII))).isEqualTo("MZXW6YTBOI");
        assertThat(Totp.fromBase32("MZXW6YTBOI======")).isEqualTo("foobar".getBytes(StandardCharsets.US_ASCII));
        assertThat(Totp.fromBase32("NOT-BASE32!")).isNull();
        String secret = Totp.newSecret(new SecureRandom());
        assertThat(Totp.fromBase32(secret)).hasSize(Totp.SECRET_BYTES);
    }

    @Test
    void aCodeIsAcceptedOneStepEarlyOrLateButNotTwo() {
        Instant at = Instant.ofEpochSecond(1234567890);
        long step = Totp.step(at);
        String previous = Totp.code(SEED, step - 1, 6);
        String next = Totp.code(SEED, step + 1, 6);
        String tooOld = Totp.code(SEED, step - 2, 6);
        String tooNew = Totp.code(SEED, step + 2, 6);

        assertThat(Totp.matchingStep(SEED_BASE32, previous, at)).hasValue(step - 1);
        assertThat(Totp.matchingStep(SEED_BASE32, next, at)).hasValue(step + 1);
        assertThat(Totp.matchingStep(SEED_BASE32, tooOld, at)).isEmpty();
        assertThat(Totp.matchingStep(SEED_BASE32, tooNew, at)).isEmpty();
    }

    @Test
    void malformedCodesAndSecretsMatchNothing() {
        Instant at = Instant.ofEpochSecond(59);

        assertThat(Totp.matchingStep(SEED_BASE32, null, at)).isEmpty();
        assertThat(Totp.matchingStep(SEED_BASE32, "", at)).isEmpty();
        assertThat(Totp.matchingStep(SEED_BASE32, "28708", at)).isEmpty();
        assertThat(Totp.matchingStep(SEED_BASE32, "2870822", at)).isEmpty();
        assertThat(Totp.matchingStep(SEED_BASE32, "28708a", at)).isEmpty();
        assertThat(Totp.matchingStep(SEED_BASE32, "287 082", at)).as("spaces as apps show them").isPresent();
        assertThat(Totp.matchingStep(null, "287082", at)).isEmpty();
        assertThat(Totp.matchingStep("!!", "287082", at)).isEmpty();
    }

    @Test
    void uriNamesIssuerAccountAndParameters() {
        assertThat(Totp.uri("archive-sync Cà Mau", "nv.an", SEED_BASE32)).isEqualTo(
                "otpauth://totp/archive-sync%20C%C3%A0%20Mau:nv.an?secret=" + SEED_BASE32
                        + "&issuer=archive-sync%20C%C3%A0%20Mau&algorithm=SHA1&digits=6&period=30");
    }
}
