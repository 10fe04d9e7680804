package org.archivesync.hub.catalogue;

/**
 * The catalogue emptied its projections for a rebuild ({@link Catalogue#clearProjections}), in the transaction that
 * publishes this; what is built from them is emptied by its listeners in the same transaction.
 */
public record ProjectionsCleared() {
}
