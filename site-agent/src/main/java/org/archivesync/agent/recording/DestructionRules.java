package org.archivesync.agent.recording;

import static org.archivesync.agent.recording.Fields.code;
import static org.archivesync.agent.recording.Fields.refuse;
import static org.archivesync.agent.recording.Fields.required;
import static org.archivesync.agent.recording.Fields.text;
import static org.archivesync.agent.recording.RuleContext.refs;

import java.sql.SQLException;
import org.archivesync.avro.AppraisalDecision;
import org.archivesync.avro.DestructionRecorded;
import org.archivesync.avro.RetentionKind;

/**
 * The destruction aggregate (hủy tài liệu): two distinct signatories, and every file active, appraised DESTROY and
 * not kept permanently. A destroyed file stays as a row, never deleted.
 */
final class DestructionRules {

    private final RuleContext ctx;

    DestructionRules(RuleContext ctx) {
        this.ctx = ctx;
    }

    DestructionRecorded record(RecordDestruction in, long sequence) throws SQLException {
        RecordDestruction c = new RecordDestruction(required(in.destructionId(), "destructionId"),
                code(in.decisionRef(), "decisionRef"), text(in.firstApprover(), "firstApprover", Fields.MAX_CODE),
                text(in.secondApprover(), "secondApprover", Fields.MAX_CODE), code(in.minutesNumber(), "minutesNumber"),
                Fields.files(in.files(), "files"), Fields.metres(in.metres(), "metres"),
                Fields.pastDate(in.destroyedOn(), "destroyedOn", ctx.latestDate()));
        if (Fields.person(c.firstApprover()).equals(Fields.person(c.secondApprover()))) {
            throw refuse(Refusal.DESTRUCTION_SAME_APPROVER, "secondApprover");
        }
        if (c.files().isEmpty()) {
            throw refuse(Refusal.DESTRUCTION_EMPTY, "files");
        }
        StateTables state = ctx.state();
        if (state.custody().destructionExists(c.destructionId().toString())) {
            throw refuse(Refusal.DESTRUCTION_DUPLICATE, "destructionId", c.destructionId());
        }
        for (int i = 0; i < c.files().size(); i++) {
            String f = "files[" + i + "]";
            FileKey k = c.files().get(i);
            FileTables.FileRow file = ctx.activeFile(k.fondsCode(), k.fileCode(), f);
            if (file.retention() == RetentionKind.PERMANENT) {
                throw refuse(Refusal.DESTRUCTION_PERMANENT_RETENTION, f, k.fondsCode() + "/" + k.fileCode());
            }
            if (file.retention() == RetentionKind.LEGACY_LONG_TERM) {
                // "Lâu dài" is not a number of years: the file must be re-appraised and its retention recorded
                // anew (as a fixed term) before it can be destroyed.
                throw refuse(Refusal.DESTRUCTION_LEGACY_LONG_TERM, f, k.fondsCode() + "/" + k.fileCode());
            }
            if (state.files().appraisal(k.fondsCode(), k.fileCode()).orElse(null) != AppraisalDecision.DESTROY) {
                throw refuse(Refusal.DESTRUCTION_NOT_APPRAISED_DESTROY, f, k.fondsCode() + "/" + k.fileCode());
            }
        }
        state.custody().insertDestruction(c, sequence);
        for (FileKey k : c.files()) {
            state.files().setFileStatus(k.fondsCode(), k.fileCode(), FileStatus.DESTROYED, c.destructionId().toString(),
                    sequence);
        }
        return DestructionRecorded.newBuilder().setDestructionId(c.destructionId()).setDecisionRef(c.decisionRef())
                .setFirstApprover(c.firstApprover()).setSecondApprover(c.secondApprover())
                .setMinutesNumber(c.minutesNumber()).setFiles(refs(c.files())).setMetres(c.metres())
                .setDestroyedOn(c.destroyedOn()).build();
    }
}
