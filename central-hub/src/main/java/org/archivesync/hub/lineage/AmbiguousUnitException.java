package org.archivesync.hub.lineage;

import java.util.List;

/** An official code names several units on the date asked (or no date was given): the caller must give a key. */
public class AmbiguousUnitException extends RuntimeException {

    private final String ref;
    private final List<String> unitCodes;

    public AmbiguousUnitException(String ref, List<String> unitCodes) {
        super("unit reference " + ref + " names " + unitCodes);
        this.ref = ref;
        this.unitCodes = List.copyOf(unitCodes);
    }

    public String ref() {
        return ref;
    }

    public List<String> unitCodes() {
        return unitCodes;
    }
}
