package org.archivesync.agent.importer;

import java.util.List;

/** The sheet has more rows than {@link ImportLimits#maxRows()}; reading stopped there. */
public final class TooManyRowsException extends ImportRefusedException {

    private final long limitRows;

    TooManyRowsException(String file, long limitRows) {
        super("import.refused.too-many-rows", List.of(file, limitRows), null);
        this.limitRows = limitRows;
    }

    public long limitRows() {
        return limitRows;
    }
}
