package org.archivesync.agent.recording;

import static org.archivesync.agent.recording.Fields.code;
import static org.archivesync.agent.recording.Fields.optionalCode;
import static org.archivesync.agent.recording.Fields.optionalText;
import static org.archivesync.agent.recording.Fields.refuse;
import static org.archivesync.agent.recording.Fields.text;

import java.sql.SQLException;
import org.archivesync.avro.StorageLocationRegistered;

/** The storage location aggregate (kho, giá): a store, or a shelf inside a registered one. */
final class LocationRules {

    private final RuleContext ctx;

    LocationRules(RuleContext ctx) {
        this.ctx = ctx;
    }

    StorageLocationRegistered register(RegisterStorageLocation in, long sequence) throws SQLException {
        RegisterStorageLocation c = new RegisterStorageLocation(code(in.locationCode(), "locationCode"),
                text(in.name(), "name", Fields.MAX_NAME), optionalCode(in.parentLocationCode(), "parentLocationCode"),
                optionalText(in.address(), "address", Fields.MAX_NAME),
                Fields.optionalMetres(in.areaSquareMetres(), "areaSquareMetres"),
                Fields.nonNegative(in.shelfCount(), "shelfCount"),
                Fields.optionalMetres(in.capacityMetres(), "capacityMetres"));
        if (c.parentLocationCode() != null && c.parentLocationCode().equals(c.locationCode())) {
            throw refuse(Refusal.LOCATION_OWN_PARENT, "parentLocationCode");
        }
        ctx.requireLocation(c.parentLocationCode(), "parentLocationCode");
        ctx.state().upsertLocation(c, sequence);
        return StorageLocationRegistered.newBuilder().setLocationCode(c.locationCode()).setName(c.name())
                .setParentLocationCode(c.parentLocationCode()).setAddress(c.address())
                .setAreaSquareMetres(c.areaSquareMetres()).setShelfCount(c.shelfCount())
                .setCapacityMetres(c.capacityMetres()).build();
    }
}
