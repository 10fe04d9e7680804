package org.archivesync.agent.recording;

import java.math.BigDecimal;

/** Registers (or re-describes) a store or a shelf in one. Becomes {@code StorageLocationRegistered}. */
public record RegisterStorageLocation(String locationCode, String name, String parentLocationCode, String address,
                                      BigDecimal areaSquareMetres, Integer shelfCount, BigDecimal capacityMetres)
        implements Command {
}
