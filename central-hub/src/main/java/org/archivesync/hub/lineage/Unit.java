package org.archivesync.hub.lineage;

import java.time.LocalDate;

/**
 * An administrative unit (đơn vị hành chính).
 *
 * @param unitCode the key: the official code, followed by {@code @valid_from} when the unit's start is known
 *                 ({@code 32155} = the old xã Tạ An Khương, {@code 32155@2025-07-01} = the new one)
 * @param officialCode the code of the statistics office (mã đơn vị hành chính); reused between old and new units
 * @param name the name; old commune-level units carry their former district in parentheses
 * @param level PROVINCE, DISTRICT, COMMUNE, WARD or TOWNSHIP (thị trấn)
 * @param unitType the source's type: tinh, thanh_pho, thi_xa, huyen, xa, phuong, thi_tran
 * @param parentUnitCode the unit it belonged to, or null
 * @param validFrom first day, or null when not known (the old units)
 * @param validTo last day, or null while it exists
 * @param source where the row comes from
 */
public record Unit(String unitCode, String officialCode, String name, String level, String unitType,
                   String parentUnitCode, LocalDate validFrom, LocalDate validTo, String source) {
}
