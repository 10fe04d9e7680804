package org.archivesync.agent.recording;

import static org.archivesync.agent.recording.Fields.code;
import static org.archivesync.agent.recording.Fields.optionalCode;
import static org.archivesync.agent.recording.Fields.optionalText;
import static org.archivesync.agent.recording.Fields.refuse;
import static org.archivesync.agent.recording.Fields.required;
import static org.archivesync.agent.recording.RuleContext.boxRefs;
import static org.archivesync.agent.recording.RuleContext.name;
import static org.archivesync.agent.recording.RuleContext.refs;
import static org.archivesync.agent.recording.RuleContext.requireAtSite;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.archivesync.avro.AccessRegime;
import org.archivesync.avro.BoxState;
import org.archivesync.avro.HandoverReceived;
import org.archivesync.avro.HandoverRecorded;
import org.archivesync.avro.ReceiverKind;

/**
 * The handover aggregate (bàn giao): this office sends sealed boxes and active files, which then leave its custody;
 * or it confirms what it received from another office (only the receiver confirms).
 */
final class HandoverRules {

    private final RuleContext ctx;

    HandoverRules(RuleContext ctx) {
        this.ctx = ctx;
    }

    HandoverRecorded send(SendHandover in, long sequence) throws SQLException {
        SendHandover c = new SendHandover(required(in.handoverId(), "handoverId"),
                required(in.receiverKind(), "receiverKind"), optionalCode(in.receivingUnitCode(), "receivingUnitCode"),
                optionalCode(in.receivingSiteCode(), "receivingSiteCode"), code(in.minutesNumber(), "minutesNumber"),
                Fields.boxes(in.boxes(), "boxes"), Fields.files(in.files(), "files"),
                Fields.metres(in.metres(), "metres"), Fields.pastDate(in.handedOverOn(), "handedOverOn",
                ctx.latestDate()));
        if (c.receiverKind() == ReceiverKind.SUCCESSOR_UNIT && c.receivingUnitCode() == null) {
            throw refuse(Refusal.REQUIRED, "receivingUnitCode");
        }
        if (ctx.siteCode().equals(c.receivingSiteCode())) {
            throw refuse(Refusal.HANDOVER_OWN_SITE, "receivingSiteCode");
        }
        if (c.boxes().isEmpty() && c.files().isEmpty()) {
            throw refuse(Refusal.HANDOVER_EMPTY, "boxes");
        }
        StateTables state = ctx.state();
        if (state.custody().handoverExists(c.handoverId().toString(), "SENT")) {
            throw refuse(Refusal.HANDOVER_DUPLICATE, "handoverId", c.handoverId());
        }
        List<StateTables.BoxRow> boxes = new ArrayList<>();
        for (int i = 0; i < c.boxes().size(); i++) {
            String f = "boxes[" + i + "]";
            BoxKey key = c.boxes().get(i);
            StateTables.BoxRow box = state.box(key).orElseThrow(() -> refuse(Refusal.BOX_UNKNOWN, f, name(key)));
            requireAtSite(box, f);
            if (box.state() != BoxState.SEALED) {
                throw refuse(Refusal.HANDOVER_BOX_NOT_SEALED, f, name(key));
            }
            boxes.add(box);
        }
        for (int i = 0; i < c.files().size(); i++) {
            ctx.activeFile(c.files().get(i).fondsCode(), c.files().get(i).fileCode(), "files[" + i + "]");
        }
        state.custody().insertSentHandover(c, sequence);
        for (StateTables.BoxRow box : boxes) {
            state.upsertBox(new StateTables.BoxRow(box.boxCode(), box.fondsCode(), box.locationCode(), box.metres(),
                    box.state(), box.sealNumber(), BoxCustody.HANDED_OVER), sequence);
            state.files().filesInBoxHandedOver(box.key(), sequence);
        }
        for (FileKey f : c.files()) {
            state.files().setFileStatus(f.fondsCode(), f.fileCode(), FileStatus.HANDED_OVER, null, sequence);
        }
        return HandoverRecorded.newBuilder().setHandoverId(c.handoverId()).setReceiverKind(c.receiverKind())
                .setReceivingUnitCode(c.receivingUnitCode()).setReceivingSiteCode(c.receivingSiteCode())
                .setMinutesNumber(c.minutesNumber()).setBoxes(boxRefs(c.boxes()))
                .setFiles(refs(c.files())).setMetres(c.metres()).setHandedOverOn(c.handedOverOn()).build();
    }

    HandoverReceived confirmReceived(ConfirmHandoverReceived in, long sequence) throws SQLException {
        ConfirmHandoverReceived c = new ConfirmHandoverReceived(required(in.handoverId(), "handoverId"),
                code(in.senderSiteCode(), "senderSiteCode"), code(in.minutesNumber(), "minutesNumber"),
                Fields.boxes(in.receivedBoxes(), "receivedBoxes"), Fields.files(in.receivedFiles(), "receivedFiles"),
                Fields.metres(in.receivedMetres(), "receivedMetres"),
                Fields.pastDate(in.receivedOn(), "receivedOn", ctx.latestDate()),
                optionalText(in.discrepancies(), "discrepancies", Fields.MAX_TEXT));
        if (c.senderSiteCode().equals(ctx.siteCode())) {
            throw refuse(Refusal.HANDOVER_OWN_SITE, "senderSiteCode");
        }
        if (c.receivedBoxes().isEmpty() && c.receivedFiles().isEmpty() && c.discrepancies() == null) {
            // Receiving nothing is only meaningful with the minutes' note of what is missing.
            throw refuse(Refusal.HANDOVER_EMPTY, "receivedBoxes");
        }
        StateTables state = ctx.state();
        if (state.custody().handoverExists(c.handoverId().toString(), "RECEIVED")) {
            throw refuse(Refusal.HANDOVER_ALREADY_RECEIVED, "handoverId", c.handoverId());
        }
        if (c.discrepancies() != null) {
            // The minutes' note may name what is missing: not for a file this office knows as a state secret.
            // Files it never recorded are the hub's to check (it knows every office's classification).
            for (FileKey k : c.receivedFiles()) {
                if (state.files().file(k.fondsCode(), k.fileCode()).map(FileTables.FileRow::accessRegime)
                        .orElse(null) == AccessRegime.STATE_SECRET) {
                    throw refuse(Refusal.SECRET_DESCRIPTIVE_FIELD, "discrepancies");
                }
            }
        }
        state.custody().insertReceivedHandover(c, sequence);
        return HandoverReceived.newBuilder().setHandoverId(c.handoverId()).setSenderSiteCode(c.senderSiteCode())
                .setMinutesNumber(c.minutesNumber()).setReceivedBoxes(boxRefs(c.receivedBoxes()))
                .setReceivedFiles(refs(c.receivedFiles())).setReceivedMetres(c.receivedMetres())
                .setReceivedOn(c.receivedOn()).setDiscrepancies(c.discrepancies()).build();
    }
}
