package org.archivesync.agent.objectstore;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;

/**
 * Where the office's scans are kept: a local folder by default, an S3-compatible bucket as an option. Objects are
 * written once under a key the caller derives from the content's SHA-256, so a key never names two contents.
 *
 * <p>Keys are relative, '/'-separated, without empty, {@code .} or {@code ..} segments, and at most 500 characters;
 * anything else is refused with {@link IllegalArgumentException}.
 */
public interface ObjectStore {

    /**
     * Copies {@code source} into the store. The source's SHA-256 is computed once, streaming; {@code keyFor} is then
     * given it and answers the key to store under, or null to keep nothing (a duplicate). Before returning, the stored
     * copy's SHA-256 is checked against the source's.
     *
     * @param source    the file to copy (never null)
     * @param mediaType its IANA media type (never null)
     * @param keyFor    the key for a SHA-256 (32 bytes), or null to keep nothing (never null)
     * @return the stored object; empty when {@code keyFor} answered null
     * @throws CopyVerificationException when the copy's hash differs from the source's; nothing is kept
     * @throws IOException               when the source cannot be read or the store cannot be written
     */
    Optional<StoredObject> put(Path source, String mediaType, Function<byte[], String> keyFor) throws IOException;

    /** Removes what a crash left half-written (a local folder's partial copies); called before the first put. */
    void clearIncomplete() throws IOException;

    /** Removes an object; nothing happens when there is none. */
    void delete(String key) throws IOException;

    /** Where the objects go, for logs (a folder or {@code s3://bucket/prefix}); never a credential. */
    String describe();

    /** A store in a local folder (created when missing). */
    static ObjectStore local(Path root) {
        return new LocalFolderObjectStore(root);
    }
}
