package org.archivesync.hub.catalogue;

/**
 * The caller's transaction connection while another thread may still be using it: the handshake that lets ingest
 * stream a batch's event log ({@code COPY}) on the transaction's connection from a second thread while the catalogue
 * builds its rows in the caller's thread, so the server inserts while the JVM encodes.
 *
 * <p>The protocol, on one connection and one transaction:
 * <ol>
 * <li>the caller lends the connection (starts the other thread's work on it) and calls {@link Catalogue#apply(
 *     java.util.List, java.time.Instant, LentConnection)};</li>
 * <li>the catalogue works without the database as long as it can and calls {@link #awaitReturn} once, just before its
 *     first statement; from then on the connection is the caller's thread's alone;</li>
 * <li>after apply returns, the caller calls {@link #awaitReturn} again (it returns at once, or rethrows the lent work's
 *     failure when apply issued no statement); when apply throws, the caller still waits for the connection to come
 *     back, without rethrowing, before the transaction rolls back.</li>
 * </ol>
 * A failure of the lent work fails the transaction: the caller rolls back and may offer the same batch again.
 */
@FunctionalInterface
public interface LentConnection {

    /** A connection no other thread is using. */
    LentConnection NOT_LENT = () -> { };

    /**
     * Blocks until the other thread is done with the connection, and rethrows that work's failure. Idempotent: a later
     * call returns at once, or rethrows the same failure.
     */
    void awaitReturn();
}
