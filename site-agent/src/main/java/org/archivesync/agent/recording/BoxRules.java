package org.archivesync.agent.recording;

import static org.archivesync.agent.recording.Fields.code;
import static org.archivesync.agent.recording.Fields.optionalCode;
import static org.archivesync.agent.recording.Fields.refuse;
import static org.archivesync.agent.recording.RuleContext.name;
import static org.archivesync.agent.recording.RuleContext.requireAtSite;

import java.sql.SQLException;
import java.util.Optional;
import org.archivesync.avro.BoxRecorded;
import org.archivesync.avro.BoxState;

/**
 * The box aggregate (hộp), named by its fonds and its number ({@link BoxKey}): packed, corrected while packed and
 * held here, sealed once. Handing it over is the handover's.
 */
final class BoxRules {

    private final RuleContext ctx;

    BoxRules(RuleContext ctx) {
        this.ctx = ctx;
    }

    BoxRecorded pack(PackBox in, long sequence) throws SQLException {
        PackBox c = new PackBox(code(in.boxCode(), "boxCode"), code(in.fondsCode(), "fondsCode"),
                optionalCode(in.locationCode(), "locationCode"), Fields.positiveMetres(in.metres(), "metres"));
        ctx.requireFonds(c.fondsCode(), "fondsCode");
        ctx.requireLocation(c.locationCode(), "locationCode");
        // The same number under another fonds is another box: this looks up this fonds' box only.
        Optional<StateTables.BoxRow> existing = ctx.state().box(new BoxKey(c.fondsCode(), c.boxCode()));
        if (existing.isPresent()) {
            requireAtSite(existing.get(), "boxCode");
            if (existing.get().state() == BoxState.SEALED) {
                // Repacking would break the seal: the minutes describe the box as sealed.
                throw refuse(Refusal.BOX_ALREADY_SEALED, "boxCode", name(existing.get().key()),
                        existing.get().sealNumber());
            }
        }
        StateTables.BoxRow row = new StateTables.BoxRow(c.boxCode(), c.fondsCode(), c.locationCode(), c.metres(),
                BoxState.PACKED, null, BoxCustody.AT_SITE);
        ctx.state().upsertBox(row, sequence);
        return event(row);
    }

    /** Refused with {@link Refusal#BOX_NOT_PACKED} when the box was never packed in that fonds. */
    BoxRecorded seal(SealBox in, long sequence) throws SQLException {
        BoxKey key = new BoxKey(code(in.fondsCode(), "fondsCode"), code(in.boxCode(), "boxCode"));
        String seal = code(in.sealNumber(), "sealNumber");
        StateTables.BoxRow existing = ctx.state().box(key)
                .orElseThrow(() -> refuse(Refusal.BOX_NOT_PACKED, "boxCode", name(key)));
        requireAtSite(existing, "boxCode");
        if (existing.state() == BoxState.SEALED) {
            throw refuse(Refusal.BOX_ALREADY_SEALED, "boxCode", name(key), existing.sealNumber());
        }
        StateTables.BoxRow row = new StateTables.BoxRow(existing.boxCode(), existing.fondsCode(),
                existing.locationCode(), existing.metres(), BoxState.SEALED, seal, existing.custody());
        ctx.state().upsertBox(row, sequence);
        return event(row);
    }

    /** The event carries the box's whole state, so the hub needs no earlier event to know it. */
    private static BoxRecorded event(StateTables.BoxRow b) {
        return BoxRecorded.newBuilder().setBoxCode(b.boxCode()).setFondsCode(b.fondsCode())
                .setLocationCode(b.locationCode()).setMetres(b.metres()).setState(b.state())
                .setSealNumber(b.sealNumber()).build();
    }
}
