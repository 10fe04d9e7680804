package org.archivesync.agent.cli;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.archivesync.agent.recording.AppraiseFile;
import org.archivesync.agent.recording.BoxKey;
import org.archivesync.agent.recording.Command;
import org.archivesync.agent.recording.ConfirmHandoverReceived;
import org.archivesync.agent.recording.DigitizeFile;
import org.archivesync.agent.recording.FileKey;
import org.archivesync.agent.recording.PackBox;
import org.archivesync.agent.recording.RecordDestruction;
import org.archivesync.agent.recording.RecordFile;
import org.archivesync.agent.recording.RegisterFonds;
import org.archivesync.agent.recording.RegisterStorageLocation;
import org.archivesync.agent.recording.ReportExtents;
import org.archivesync.agent.recording.SealBox;
import org.archivesync.agent.recording.SendHandover;
import org.archivesync.agent.recording.WithdrawFile;
import org.archivesync.avro.AccessRegime;
import org.archivesync.avro.AppraisalDecision;
import org.archivesync.avro.ReceiverKind;
import org.archivesync.avro.RetentionKind;
import org.archivesync.avro.SecretLevel;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * Hand-written options of {@code record <name>} for the commands whose options read better than their record's
 * fields ({@code --box FONDS/BOX}, {@code --start 06/2003}, {@code --approver} twice, ...). A command without an entry
 * here gets its options from its record ({@link DerivedRecordCommand}). The names under {@code record} are the
 * catalogue's ({@link org.archivesync.agent.recording.CommandCatalogue#cliName()}).
 */
final class RecordOptions {

    /** The hand-written options, by the command they build. */
    static final Map<Class<? extends Command>, Supplier<RecordCommand.Sub>> BY_COMMAND = Map.ofEntries(
            Map.entry(RegisterFonds.class, Fonds::new),
            Map.entry(RegisterStorageLocation.class, Location::new),
            Map.entry(ReportExtents.class, Extents::new),
            Map.entry(PackBox.class, PackBoxCmd::new),
            Map.entry(SealBox.class, SealBoxCmd::new),
            Map.entry(RecordFile.class, FileCmd::new),
            Map.entry(WithdrawFile.class, Withdraw::new),
            Map.entry(AppraiseFile.class, Appraise::new),
            Map.entry(DigitizeFile.class, Digitize::new),
            Map.entry(SendHandover.class, Handover::new),
            Map.entry(ConfirmHandoverReceived.class, HandoverReceived::new),
            Map.entry(RecordDestruction.class, Destruction::new));

    private RecordOptions() {
    }

    @CommandLine.Command(mixinStandardHelpOptions = true)
    static class Fonds extends RecordCommand.Sub {
        @Option(names = "--code", required = true, descriptionKey = "cli.option.fonds-code") String code;
        @Option(names = "--name", required = true, descriptionKey = "cli.option.name") String name;
        @Option(names = "--creating-body", required = true, descriptionKey = "cli.option.creating-body") String creatingBody;
        @Option(names = "--unit-code", descriptionKey = "cli.option.unit-code") String unitCode;
        @Option(names = "--start", descriptionKey = "cli.option.start") LocalDate start;
        @Option(names = "--end", descriptionKey = "cli.option.end") LocalDate end;
        @Option(names = "--closed", descriptionKey = "cli.option.closed") boolean closed;

        @Override
        Command command() {
            return new RegisterFonds(code, name, creatingBody, unitCode, start, end, closed);
        }
    }

    @CommandLine.Command(mixinStandardHelpOptions = true)
    static class Location extends RecordCommand.Sub {
        @Option(names = "--code", required = true, descriptionKey = "cli.option.location-code") String code;
        @Option(names = "--name", required = true, descriptionKey = "cli.option.name") String name;
        @Option(names = "--parent", descriptionKey = "cli.option.parent") String parent;
        @Option(names = "--address", descriptionKey = "cli.option.address") String address;
        @Option(names = "--area", descriptionKey = "cli.option.area") BigDecimal area;
        @Option(names = "--shelves", descriptionKey = "cli.option.shelves") Integer shelves;
        @Option(names = "--capacity", descriptionKey = "cli.option.capacity") BigDecimal capacity;

        @Override
        Command command() {
            return new RegisterStorageLocation(code, name, parent, address, area, shelves, capacity);
        }
    }

    @CommandLine.Command(mixinStandardHelpOptions = true)
    static class Extents extends RecordCommand.Sub {
        @Option(names = "--fonds", required = true, descriptionKey = "cli.option.fonds") String fonds;
        @Option(names = "--location", descriptionKey = "cli.option.extents-location") String location;
        @Option(names = "--sorted", required = true, descriptionKey = "cli.option.sorted") BigDecimal sorted;
        @Option(names = "--packed-metres", descriptionKey = "cli.option.packed-metres") BigDecimal packed;
        @Option(names = "--sealed-metres", descriptionKey = "cli.option.sealed-metres") BigDecimal sealed;
        @Option(names = "--packed-boxes", descriptionKey = "cli.option.packed-boxes") Integer packedBoxes;
        @Option(names = "--sealed-boxes", descriptionKey = "cli.option.sealed-boxes") Integer sealedBoxes;
        @Option(names = "--unsorted", required = true, descriptionKey = "cli.option.unsorted") BigDecimal unsorted;
        @Option(names = "--ready-to-digitize", required = true, descriptionKey = "cli.option.ready") BigDecimal ready;
        @Option(names = "--as-of", required = true, descriptionKey = "cli.option.as-of") LocalDate asOf;

        @Override
        Command command() {
            return new ReportExtents(fonds, location, sorted, packed, sealed, packedBoxes, sealedBoxes, unsorted, ready,
                    asOf);
        }
    }

    @CommandLine.Command(mixinStandardHelpOptions = true)
    static class PackBoxCmd extends RecordCommand.Sub {
        @Option(names = "--box", required = true, descriptionKey = "cli.option.box-key") String box;
        @Option(names = "--fonds", descriptionKey = "cli.option.box-fonds") String fonds;
        @Option(names = "--location", descriptionKey = "cli.option.location") String location;
        @Option(names = "--metres", required = true, descriptionKey = "cli.option.metres") BigDecimal metres;

        @Override
        Command command() {
            BoxKey key = RecordCommand.boxKey(record.cli, box, fonds);
            return new PackBox(key.boxCode(), key.fondsCode(), location, metres);
        }
    }

    @CommandLine.Command(mixinStandardHelpOptions = true)
    static class SealBoxCmd extends RecordCommand.Sub {
        @Option(names = "--box", required = true, descriptionKey = "cli.option.box-key") String box;
        @Option(names = "--fonds", descriptionKey = "cli.option.box-fonds") String fonds;
        @Option(names = "--seal", required = true, descriptionKey = "cli.option.seal") String seal;

        @Override
        Command command() {
            BoxKey key = RecordCommand.boxKey(record.cli, box, fonds);
            return new SealBox(key.boxCode(), key.fondsCode(), seal);
        }
    }

    @CommandLine.Command(mixinStandardHelpOptions = true)
    static class FileCmd extends RecordCommand.Sub {
        @Option(names = "--fonds", required = true, descriptionKey = "cli.option.fonds") String fonds;
        @Option(names = "--file", required = true, descriptionKey = "cli.option.file-code") String file;
        @Option(names = "--number", descriptionKey = "cli.option.file-number") String number;
        @Option(names = "--reference", descriptionKey = "cli.option.reference") String reference;
        @Option(names = "--list", descriptionKey = "cli.option.list-number") String list;
        @Option(names = "--series", descriptionKey = "cli.option.series") String series;
        @Option(names = "--place", descriptionKey = "cli.option.place") String place;
        @Option(names = "--box", descriptionKey = "cli.option.box") String box;
        @Option(names = "--title", descriptionKey = "cli.option.title") String title;
        @Option(names = "--start", descriptionKey = "cli.option.file-start", converter = ListedDate.Converter.class)
        ListedDate start;
        @Option(names = "--end", descriptionKey = "cli.option.file-end", converter = ListedDate.Converter.class)
        ListedDate end;
        @Option(names = "--sheets", descriptionKey = "cli.option.sheets") Integer sheets;
        @Option(names = "--pages", descriptionKey = "cli.option.pages") Integer pages;
        @Option(names = "--retention", required = true, descriptionKey = "cli.option.retention") RetentionKind retention;
        @Option(names = "--years", descriptionKey = "cli.option.years") Integer years;
        @Option(names = "--access", required = true, descriptionKey = "cli.option.access") AccessRegime access;
        @Option(names = "--secret-level", descriptionKey = "cli.option.secret-level") SecretLevel level;
        @Option(names = "--language", descriptionKey = "cli.option.language") String language;
        @Option(names = "--keyword", descriptionKey = "cli.option.keyword") List<String> keywords = new ArrayList<>();
        @Option(names = "--condition", descriptionKey = "cli.option.condition") String condition;
        @Option(names = "--notes", descriptionKey = "cli.option.notes") String notes;

        @Override
        Command command() {
            return new RecordFile(fonds, file, number, reference, list, series, place, box, title,
                    start == null ? null : start.date(), start == null ? null : start.precision(),
                    end == null ? null : end.date(), end == null ? null : end.precision(), sheets, pages, retention,
                    years, access, level, language, keywords, condition, notes);
        }
    }

    @CommandLine.Command(mixinStandardHelpOptions = true)
    static class Withdraw extends RecordCommand.Sub {
        @Option(names = "--fonds", required = true, descriptionKey = "cli.option.fonds") String fonds;
        @Option(names = "--file", required = true, descriptionKey = "cli.option.file-code") String file;
        @Option(names = "--reason", required = true, descriptionKey = "cli.option.reason") String reason;

        @Override
        Command command() {
            return new WithdrawFile(fonds, file, reason);
        }
    }

    @CommandLine.Command(mixinStandardHelpOptions = true)
    static class Appraise extends RecordCommand.Sub {
        @Option(names = "--fonds", required = true, descriptionKey = "cli.option.fonds") String fonds;
        @Option(names = "--file", required = true, descriptionKey = "cli.option.file-code") String file;
        @Option(names = "--decision", required = true, descriptionKey = "cli.option.decision") AppraisalDecision decision;
        @Option(names = "--basis", descriptionKey = "cli.option.basis") String basis;
        @Option(names = "--council-ref", descriptionKey = "cli.option.council-ref") String councilRef;
        @Option(names = "--on", required = true, descriptionKey = "cli.option.on") LocalDate on;

        @Override
        Command command() {
            return new AppraiseFile(fonds, file, decision, basis, councilRef, on);
        }
    }

    @CommandLine.Command(mixinStandardHelpOptions = true)
    static class Digitize extends RecordCommand.Sub {
        @Option(names = "--fonds", required = true, descriptionKey = "cli.option.fonds") String fonds;
        @Option(names = "--file", required = true, descriptionKey = "cli.option.file-code") String file;
        @Option(names = "--object", required = true, descriptionKey = "cli.option.object",
                paramLabel = "KEY,SHA256,BYTES,MEDIA-TYPE[,PAGES[,DPI]]") List<String> objects;

        @Override
        Command command() {
            List<DigitizeFile.ScanObject> scans = new ArrayList<>();
            for (String o : objects) {
                String[] p = o.split(",", -1);
                if (p.length < 4) {
                    throw new CommandLine.ParameterException(new CommandLine(this), "--object " + o);
                }
                scans.add(new DigitizeFile.ScanObject(p[0], p[1], Long.parseLong(p[2]), p[3],
                        p.length > 4 && !p[4].isBlank() ? Integer.valueOf(p[4]) : null,
                        p.length > 5 && !p[5].isBlank() ? Integer.valueOf(p[5]) : null));
            }
            return new DigitizeFile(fonds, file, scans);
        }
    }

    @CommandLine.Command(mixinStandardHelpOptions = true)
    static class Handover extends RecordCommand.Sub {
        @Option(names = "--id", descriptionKey = "cli.option.handover-id") UUID id;
        @Option(names = "--receiver-kind", required = true, descriptionKey = "cli.option.receiver-kind") ReceiverKind kind;
        @Option(names = "--receiving-unit", descriptionKey = "cli.option.receiving-unit") String unit;
        @Option(names = "--receiving-site", descriptionKey = "cli.option.receiving-site") String site;
        @Option(names = "--minutes", required = true, descriptionKey = "cli.option.minutes") String minutes;
        @Option(names = "--box", descriptionKey = "cli.option.boxes", converter = RecordCommand.BoxKeyConverter.class) List<BoxKey> boxes = new ArrayList<>();
        @Option(names = "--file", descriptionKey = "cli.option.files", converter = RecordCommand.FileKeyConverter.class) List<FileKey> files = new ArrayList<>();
        @Option(names = "--metres", required = true, descriptionKey = "cli.option.metres") BigDecimal metres;
        @Option(names = "--on", required = true, descriptionKey = "cli.option.on") LocalDate on;
        private UUID chosen;

        @Override
        Command command() {
            chosen = id != null ? id : UUID.randomUUID();
            return new SendHandover(chosen, kind, unit, site, minutes, boxes, files, metres, on);
        }

        @Override
        Object id(Command c) {
            return chosen;
        }
    }

    @CommandLine.Command(mixinStandardHelpOptions = true)
    static class HandoverReceived extends RecordCommand.Sub {
        @Option(names = "--id", required = true, descriptionKey = "cli.option.handover-id") UUID id;
        @Option(names = "--sender-site", required = true, descriptionKey = "cli.option.sender-site") String sender;
        @Option(names = "--minutes", required = true, descriptionKey = "cli.option.minutes") String minutes;
        @Option(names = "--box", descriptionKey = "cli.option.boxes", converter = RecordCommand.BoxKeyConverter.class) List<BoxKey> boxes = new ArrayList<>();
        @Option(names = "--file", descriptionKey = "cli.option.files", converter = RecordCommand.FileKeyConverter.class) List<FileKey> files = new ArrayList<>();
        @Option(names = "--metres", required = true, descriptionKey = "cli.option.metres") BigDecimal metres;
        @Option(names = "--on", required = true, descriptionKey = "cli.option.on") LocalDate on;
        @Option(names = "--discrepancies", descriptionKey = "cli.option.discrepancies") String discrepancies;

        @Override
        Command command() {
            return new ConfirmHandoverReceived(id, sender, minutes, boxes, files, metres, on, discrepancies);
        }
    }

    @CommandLine.Command(mixinStandardHelpOptions = true)
    static class Destruction extends RecordCommand.Sub {
        @Option(names = "--id", descriptionKey = "cli.option.destruction-id") UUID id;
        @Option(names = "--decision", required = true, descriptionKey = "cli.option.decision-ref") String decision;
        @Option(names = "--approver", required = true, arity = "1", descriptionKey = "cli.option.approver") List<String> approvers;
        @Option(names = "--minutes", required = true, descriptionKey = "cli.option.minutes") String minutes;
        @Option(names = "--file", required = true, descriptionKey = "cli.option.files", converter = RecordCommand.FileKeyConverter.class) List<FileKey> files;
        @Option(names = "--metres", required = true, descriptionKey = "cli.option.metres") BigDecimal metres;
        @Option(names = "--on", required = true, descriptionKey = "cli.option.on") LocalDate on;
        private UUID chosen;

        @Override
        Command command() {
            chosen = id != null ? id : UUID.randomUUID();
            String first = approvers.size() > 0 ? approvers.get(0) : null;
            String second = approvers.size() > 1 ? approvers.get(1) : null;
            return new RecordDestruction(chosen, decision, first, second, minutes, files, metres, on);
        }

        @Override
        Object id(Command c) {
            return chosen;
        }
    }
}
