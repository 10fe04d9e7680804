package org.archivesync.agent.recording;

import static org.archivesync.agent.recording.Fields.code;
import static org.archivesync.agent.recording.Fields.optionalCode;
import static org.archivesync.agent.recording.Fields.refuse;
import static org.archivesync.agent.recording.Fields.text;

import java.sql.SQLException;
import org.archivesync.avro.ExtentReported;
import org.archivesync.avro.FondsRegistered;

/** The fonds (phông) aggregate: its registration and the extents reported for it. */
final class FondsRules {

    private final RuleContext ctx;

    FondsRules(RuleContext ctx) {
        this.ctx = ctx;
    }

    FondsRegistered register(RegisterFonds in, long sequence) throws SQLException {
        RegisterFonds c = new RegisterFonds(code(in.fondsCode(), "fondsCode"), text(in.name(), "name", Fields.MAX_NAME),
                text(in.creatingBody(), "creatingBody", Fields.MAX_NAME),
                optionalCode(in.creatingUnitCode(), "creatingUnitCode"),
                Fields.optionalPastDate(in.startDate(), "startDate", ctx.latestDate()),
                Fields.optionalPastDate(in.endDate(), "endDate", ctx.latestDate()), Boolean.TRUE.equals(in.closed()));
        Fields.ordered(c.startDate(), c.endDate(), "endDate");
        ctx.state().upsertFonds(c, sequence);
        return FondsRegistered.newBuilder().setFondsCode(c.fondsCode()).setName(c.name())
                .setCreatingBody(c.creatingBody()).setCreatingUnitCode(c.creatingUnitCode())
                .setStartDate(c.startDate()).setEndDate(c.endDate()).setClosed(c.closed()).build();
    }

    /** The latest report for (fonds, location) replaces the earlier one; a null location is the fonds as a whole. */
    ExtentReported reportExtents(ReportExtents in, long sequence) throws SQLException {
        ReportExtents c = new ReportExtents(code(in.fondsCode(), "fondsCode"),
                optionalCode(in.locationCode(), "locationCode"), Fields.metres(in.sortedMetres(), "sortedMetres"),
                Fields.optionalMetres(in.packedMetres(), "packedMetres"),
                Fields.optionalMetres(in.sealedMetres(), "sealedMetres"),
                Fields.nonNegative(in.packedBoxes(), "packedBoxes"),
                Fields.nonNegative(in.sealedBoxes(), "sealedBoxes"),
                Fields.metres(in.unsortedMetres(), "unsortedMetres"),
                Fields.metres(in.readyToDigitizeMetres(), "readyToDigitizeMetres"),
                Fields.pastDate(in.asOf(), "asOf", ctx.latestDate()));
        // Bulk work is a part of the sorted metres: what is sealed was packed first.
        Fields.atMost(c.packedMetres(), c.sortedMetres(), "packedMetres", "sortedMetres");
        Fields.atMost(c.sealedMetres(), c.packedMetres(), "sealedMetres", "packedMetres");
        if (c.packedBoxes() != null && c.sealedBoxes() != null && c.sealedBoxes() > c.packedBoxes()) {
            throw refuse(Refusal.EXTENT_EXCEEDS, "sealedBoxes", "packedBoxes");
        }
        ctx.requireFonds(c.fondsCode(), "fondsCode");
        ctx.requireLocation(c.locationCode(), "locationCode");
        ctx.state().replaceExtents(c, sequence);
        return ExtentReported.newBuilder().setFondsCode(c.fondsCode()).setLocationCode(c.locationCode())
                .setSortedMetres(c.sortedMetres()).setPackedMetres(c.packedMetres())
                .setSealedMetres(c.sealedMetres()).setPackedBoxes(c.packedBoxes()).setSealedBoxes(c.sealedBoxes())
                .setUnsortedMetres(c.unsortedMetres()).setReadyToDigitizeMetres(c.readyToDigitizeMetres())
                .setAsOf(c.asOf()).build();
    }
}
