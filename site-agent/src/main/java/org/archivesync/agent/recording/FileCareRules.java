package org.archivesync.agent.recording;

import static org.archivesync.agent.recording.Fields.code;
import static org.archivesync.agent.recording.Fields.optionalCode;
import static org.archivesync.agent.recording.Fields.optionalText;
import static org.archivesync.agent.recording.Fields.refuse;
import static org.archivesync.agent.recording.Fields.required;
import static org.archivesync.agent.recording.Fields.text;
import static org.archivesync.agent.recording.RuleContext.ref;
import static org.archivesync.agent.recording.RuleContext.refuseIfPresent;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.archivesync.avro.AccessRegime;
import org.archivesync.avro.AppraisalDecision;
import org.archivesync.avro.DigitalObject;
import org.archivesync.avro.FileAppraised;
import org.archivesync.avro.FileDigitized;
import org.archivesync.avro.FileWithdrawn;
import org.archivesync.avro.RetentionKind;
import org.archivesync.avro.Sha256;

/**
 * The file aggregate, what happens to a recorded file short of leaving the office: withdrawn, appraised, scanned.
 * Each needs an {@link FileStatus#ACTIVE} file; a state secret's free text and scans are refused here too.
 */
final class FileCareRules {

    private final RuleContext ctx;

    FileCareRules(RuleContext ctx) {
        this.ctx = ctx;
    }

    FileWithdrawn withdraw(WithdrawFile in, long sequence) throws SQLException {
        String fondsCode = code(in.fondsCode(), "fondsCode");
        String fileCode = code(in.fileCode(), "fileCode");
        // A secret file's withdrawal says nothing about it: the reason is left out, and the event carries "".
        boolean secret = ctx.state().files().file(fondsCode, fileCode).map(FileTables.FileRow::accessRegime)
                .orElse(null) == AccessRegime.STATE_SECRET;
        String reason;
        if (secret) {
            refuseIfPresent(in.reason() != null && !in.reason().isBlank(), "reason");
            reason = "";
        } else {
            reason = text(in.reason(), "reason", Fields.MAX_TEXT);
        }
        ctx.activeFile(fondsCode, fileCode, "fileCode");
        ctx.state().files().setFileStatus(fondsCode, fileCode, FileStatus.WITHDRAWN, null, sequence);
        return FileWithdrawn.newBuilder().setFile(ref(fondsCode, fileCode)).setReason(reason).build();
    }

    FileAppraised appraise(AppraiseFile in, long sequence) throws SQLException {
        AppraiseFile c = new AppraiseFile(code(in.fondsCode(), "fondsCode"), code(in.fileCode(), "fileCode"),
                required(in.decision(), "decision"), optionalText(in.basis(), "basis", Fields.MAX_NAME),
                optionalCode(in.councilDecisionRef(), "councilDecisionRef"),
                Fields.pastDate(in.appraisedOn(), "appraisedOn", ctx.latestDate()));
        FileTables.FileRow file = ctx.activeFile(c.fondsCode(), c.fileCode(), "fileCode");
        if (file.accessRegime() == AccessRegime.STATE_SECRET) {
            refuseIfPresent(c.basis() != null, "basis");
        }
        if (c.decision() == AppraisalDecision.DESTROY && file.retention() == RetentionKind.PERMANENT) {
            throw refuse(Refusal.APPRAISAL_DESTROY_PERMANENT, "decision", c.fondsCode() + "/" + c.fileCode());
        }
        ctx.state().files().upsertAppraisal(c, sequence);
        return FileAppraised.newBuilder().setFile(ref(c.fondsCode(), c.fileCode())).setDecision(c.decision())
                .setBasis(c.basis()).setCouncilDecisionRef(c.councilDecisionRef()).setAppraisedOn(c.appraisedOn())
                .build();
    }

    FileDigitized digitize(DigitizeFile in, long sequence) throws SQLException {
        String fondsCode = code(in.fondsCode(), "fondsCode");
        String fileCode = code(in.fileCode(), "fileCode");
        FileTables.FileRow file = ctx.activeFile(fondsCode, fileCode, "fileCode");
        if (file.accessRegime() == AccessRegime.STATE_SECRET) {
            throw refuse(Refusal.SECRET_DIGITAL_OBJECTS, "objects", fondsCode + "/" + fileCode);
        }
        List<DigitizeFile.ScanObject> objects = in.objects() == null ? List.of() : in.objects();
        if (objects.isEmpty()) {
            throw refuse(Refusal.REQUIRED, "objects");
        }
        List<DigitalObject> out = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        List<byte[]> hashes = new ArrayList<>();
        for (int i = 0; i < objects.size(); i++) {
            String f = "objects[" + i + "]";
            DigitizeFile.ScanObject o = required(objects.get(i), f);
            String key = text(o.objectKey(), f + ".objectKey", Fields.MAX_NAME);
            if (keys.contains(key)) {
                throw refuse(Refusal.DUPLICATE_IN_LIST, f + ".objectKey", key);
            }
            keys.add(key);
            String hex = required(o.sha256(), f + ".sha256").strip().toLowerCase(Locale.ROOT);
            if (!hex.matches("[0-9a-f]{64}")) {
                throw refuse(Refusal.SHA256, f + ".sha256");
            }
            if (required(o.sizeBytes(), f + ".sizeBytes") < 0) {
                throw refuse(Refusal.NEGATIVE, f + ".sizeBytes");
            }
            byte[] sha = HexFormat.of().parseHex(hex);
            hashes.add(sha);
            out.add(DigitalObject.newBuilder().setObjectKey(key).setSha256(new Sha256(sha))
                    .setSizeBytes(o.sizeBytes()).setMediaType(code(o.mediaType(), f + ".mediaType"))
                    .setPageCount(Fields.nonNegative(o.pageCount(), f + ".pageCount"))
                    .setResolutionDpi(Fields.nonNegative(o.resolutionDpi(), f + ".resolutionDpi")).build());
        }
        for (int i = 0; i < out.size(); i++) {
            DigitalObject d = out.get(i);
            ctx.state().files().upsertDigitalObject(fondsCode, fileCode, new DigitizeFile.ScanObject(d.getObjectKey(), null,
                    d.getSizeBytes(), d.getMediaType(), d.getPageCount(), d.getResolutionDpi()), hashes.get(i),
                    sequence);
        }
        return FileDigitized.newBuilder().setFile(ref(fondsCode, fileCode)).setObjects(out).build();
    }
}
