package org.archivesync.agent.objectstore;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Where the office's scans are kept: a local folder by default, an S3-compatible bucket as an option. Objects are
 * written once under a key the caller derives from the content's SHA-256 ({@link #sha256(Path)}) before it calls
 * {@link #put}, so a key never names two contents and a duplicate is never copied.
 *
 * <p>Keys are relative, '/'-separated, without empty, {@code .} or {@code ..} segments, and at most 500 characters;
 * anything else is refused with {@link IllegalArgumentException}.
 */
public interface ObjectStore {

    /**
     * Copies {@code source} into the store under {@code key}. Before the object is kept, the stored copy's SHA-256 is
     * checked against {@code sha256}, so a copy damaged on the way and a source changed since it was hashed are both
     * refused.
     *
     * @param source    the file to copy (never null)
     * @param mediaType its IANA media type (never null)
     * @param key       where to keep it (never null; see the class comment for what a key may be)
     * @param sha256    the source's SHA-256 (32 bytes) as {@link #sha256(Path)} computed it (never null)
     * @return the stored object, never null
     * @throws CopyVerificationException when the copy's hash differs from {@code sha256}; nothing is kept
     * @throws IOException               when the source cannot be read or the store cannot be written
     * @throws IllegalArgumentException  for a key outside the rules; nothing is written
     */
    StoredObject put(Path source, String mediaType, String key, byte[] sha256) throws IOException;

    /** The SHA-256 of a file's bytes (32 bytes), read once, streaming: what {@link #put} checks the copy against. */
    static byte[] sha256(Path source) throws IOException {
        return LocalFolderObjectStore.hash(source, new byte[LocalFolderObjectStore.BUFFER]);
    }

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
