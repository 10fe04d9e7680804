package org.archivesync.agent.importer;

/** Receives rows from a reader as they stream past, top to bottom. */
interface RowSink {

    void row(RawRow row);
}
