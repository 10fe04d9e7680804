package org.archivesync.agent.access;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import org.archivesync.agent.secrets.SecretFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This install's API token: 256 random bits, base64url, generated on the service's first start into a file only the
 * service account (and, on Windows, Administrators) may read. Whoever can read the file is the local administrator;
 * the token is never logged and never leaves the file except in a client's {@code Authorization: Bearer} header.
 */
final class ApiToken {

    private static final Logger log = LoggerFactory.getLogger(ApiToken.class);

    private static final int BYTES = 32;

    private final byte[] digest;

    private ApiToken(String token) {
        this.digest = sha256(token);
    }

    /**
     * The token in {@code file}, generated there first when the file does not exist.
     *
     * @param file never null
     * @throws UncheckedIOException when the file can be neither read nor created restricted
     * @throws IllegalStateException when the file holds no token (empty)
     */
    static ApiToken loadOrCreate(Path file) {
        try {
            if (!Files.exists(file)) {
                byte[] random = new byte[BYTES];
                new SecureRandom().nextBytes(random);
                String token = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
                try {
                    SecretFiles.writeNew(file, (token + "\n").getBytes(StandardCharsets.US_ASCII));
                    log.info("local API token generated file={}", file.toAbsolutePath());
                    return new ApiToken(token);
                } catch (FileAlreadyExistsException raced) {
                    // Another process (the CLI) created it a moment ago: read theirs.
                }
            }
            String token = Files.readString(file, StandardCharsets.US_ASCII).strip();
            if (token.isEmpty()) {
                throw new IllegalStateException("the local API token file is empty: " + file.toAbsolutePath()
                        + " (delete it and restart to generate a new one)");
            }
            return new ApiToken(token);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the local API token file " + file.toAbsolutePath(), e);
        }
    }

    /**
     * Whether {@code presented} is this token. The comparison takes the same time wherever the first difference is
     * (digests of equal length, {@link MessageDigest#isEqual}), so response times do not reveal the token.
     *
     * @param presented may be null (never matches)
     */
    boolean matches(String presented) {
        return presented != null && MessageDigest.isEqual(digest, sha256(presented));
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
