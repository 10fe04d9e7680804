package org.archivesync.hub.security;

import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Locale;
import java.util.OptionalLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Time-based one-time passwords as RFC 6238 defines them and authenticator apps use them: HMAC-SHA1, 30-second steps
 * from the Unix epoch, 6 digits, a code accepted one step early or late (clocks of phones drift), secrets as RFC 4648
 * Base32 without padding. Pure: no clock, no storage; callers pass the instant.
 */
final class Totp {

    static final int STEP_SECONDS = 30;
    static final int DIGITS = 6;
    /** 160 bits, the HMAC-SHA1 block RFC 4226 recommends. */
    static final int SECRET_BYTES = 20;
    private static final String BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    private static final int[] POWERS = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000};

    private Totp() {
    }

    /** A fresh random secret, Base32. */
    static String newSecret(SecureRandom random) {
        byte[] key = new byte[SECRET_BYTES];
        random.nextBytes(key);
        return base32(key);
    }

    /** The step an instant falls in. */
    static long step(Instant at) {
        return Math.floorDiv(at.getEpochSecond(), STEP_SECONDS);
    }

    /**
     * RFC 4226's HOTP value of {@code key} at counter {@code step}, zero-padded to {@code digits} (1..8).
     *
     * @param key the raw secret, not null
     */
    static String code(byte[] key, long step, int digits) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(key, "HmacSHA1"));
            byte[] hash = mac.doFinal(ByteBuffer.allocate(8).putLong(step).array());
            int offset = hash[hash.length - 1] & 0x0f;
            int binary = ((hash[offset] & 0x7f) << 24) | ((hash[offset + 1] & 0xff) << 16)
                    | ((hash[offset + 2] & 0xff) << 8) | (hash[offset + 3] & 0xff);
            String value = Integer.toString(binary % POWERS[digits]);
            return "0".repeat(digits - value.length()) + value;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is part of every Java runtime", e);
        }
    }

    /**
     * The step whose 6-digit code {@code code} is, among the step of {@code at} and the one before and after; empty
     * when it is none of them, or when {@code code} is null, not six digits (spaces are ignored) or the secret is not
     * Base32. The comparison takes the same time whichever digit differs.
     *
     * @param secret Base32; may be null (then empty)
     */
    static OptionalLong matchingStep(String secret, String code, Instant at) {
        byte[] key = secret == null ? null : fromBase32(secret);
        String given = code == null ? "" : code.replace(" ", "");
        if (key == null || key.length == 0 || given.length() != DIGITS || !given.chars().allMatch(Character::isDigit)) {
            return OptionalLong.empty();
        }
        long now = step(at);
        for (long step = now - 1; step <= now + 1; step++) {
            if (MessageDigest.isEqual(code(key, step, DIGITS).getBytes(StandardCharsets.US_ASCII),
                    given.getBytes(StandardCharsets.US_ASCII))) {
                return OptionalLong.of(step);
            }
        }
        return OptionalLong.empty();
    }

    /**
     * The {@code otpauth://} URI authenticator apps read (by hand or from a QR code someone makes of it).
     *
     * @param issuer shown by the app above the account, not null
     */
    static String uri(String issuer, String username, String secret) {
        String label = encode(issuer) + ":" + encode(username);
        return "otpauth://totp/" + label + "?secret=" + secret + "&issuer=" + encode(issuer)
                + "&algorithm=SHA1&digits=" + DIGITS + "&period=" + STEP_SECONDS;
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** RFC 4648 Base32 without padding. */
    static String base32(byte[] bytes) {
        StringBuilder out = new StringBuilder((bytes.length * 8 + 4) / 5);
        int buffer = 0;
        int bits = 0;
        for (byte b : bytes) {
            buffer = (buffer << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                out.append(BASE32.charAt((buffer >>> (bits - 5)) & 31));
                bits -= 5;
            }
        }
        if (bits > 0) {
            out.append(BASE32.charAt((buffer << (5 - bits)) & 31));
        }
        return out.toString();
    }

    /** The bytes of Base32 text (case, spaces and padding ignored); null when it holds another character. */
    static byte[] fromBase32(String text) {
        var out = new ByteArrayOutputStream();
        int buffer = 0;
        int bits = 0;
        for (char c : text.toUpperCase(Locale.ROOT).toCharArray()) {
            if (c == ' ' || c == '=') {
                continue;
            }
            int value = BASE32.indexOf(c);
            if (value < 0) {
                return null;
            }
            buffer = (buffer << 5) | value;
            bits += 5;
            if (bits >= 8) {
                out.write((buffer >>> (bits - 8)) & 0xff);
                bits -= 8;
            }
        }
        return out.toByteArray();
    }
}
