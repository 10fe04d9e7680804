package org.archivesync.agent.watcher;

import java.nio.file.Path;

/**
 * One version of a scan file, as discovery saw it settle: the pipeline works on exactly this size and modification
 * time, and a scan that differs when it is copied is not this scan any more.
 *
 * @param file       its absolute path
 * @param path       its path under the scan folder, '/'-separated (the ledger's key)
 * @param size       its length in bytes
 * @param modifiedAt its modification time, epoch milliseconds
 */
record Scan(Path file, String path, long size, long modifiedAt) {
}
