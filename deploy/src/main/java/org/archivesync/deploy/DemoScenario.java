package org.archivesync.deploy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.archivesync.deploy.AgentProcess.CommandRefusedException;
import org.archivesync.deploy.AgentProcess.Recorded;
import org.archivesync.deploy.CaMauOffices.Extents;
import org.archivesync.deploy.CaMauOffices.Fonds;
import org.archivesync.deploy.CaMauOffices.Location;
import org.archivesync.deploy.CaMauOffices.Office;
import org.archivesync.deploy.FileListGenerator.BoxRow;
import org.archivesync.deploy.FileListGenerator.Fate;
import org.archivesync.deploy.FileListGenerator.FileList;
import org.archivesync.deploy.FileListGenerator.FileRow;

/**
 * The work the demo's offices do, through their agents' REST API and command line, as clerks would: register fonds
 * and stores and report extents; record the file list; appraise; seal boxes; digitize a few files; destroy expired
 * files; hand records of the former Cái Nước district to the successor xã Tân Hưng, which confirms receipt; and the
 * Trần Văn Thời office works offline for a while, then publishes its backlog.
 *
 * <p>Each step is one agent transaction and is written to the office's {@link ScenarioJournal} once recorded, so a
 * restarted demo goes on where it stopped and records nothing twice. Every step prints one line.
 */
final class DemoScenario {

    /** Where the lines go: one per step, labelled by component. */
    interface Console {
        void line(String component, String message);
    }

    /** Refusals that mean "this was recorded before" when a step is repeated after a crash. */
    private static final Set<String> ALREADY_RECORDED = Set.of("handover.duplicate", "handover.already-received",
            "destruction.duplicate", "box.already-sealed");

    // The campaign's own days (2025, Asia/Ho_Chi_Minh): each step is recorded on its day by the office's simulated
    // calendar (the agent's archive-sync.agent.simulated-calendar), so the hub's view as of a day inside the campaign
    // shows what was done by then. The deadlines are in CaMauOffices.CAMPAIGN.
    static final LocalDate SET_UP_ON = LocalDate.of(2025, 5, 21);
    static final LocalDate LISTED_ON = LocalDate.of(2025, 5, 26);
    static final LocalDate APPRAISED_ON = LocalDate.of(2025, 5, 29);
    static final LocalDate SEALED_ON = LocalDate.of(2025, 6, 3);
    static final LocalDate DIGITIZED_ON = LocalDate.of(2025, 6, 6);
    static final LocalDate OFFLINE_ON = LocalDate.of(2025, 6, 9);
    static final LocalDate BACK_ONLINE_ON = LocalDate.of(2025, 6, 14);
    static final LocalDate TRAN_VAN_THOI_TRANSFERS_ON = LocalDate.of(2025, 6, 15);
    static final LocalDate CAI_NUOC_TRANSFERS_ON = LocalDate.of(2025, 6, 19);
    static final LocalDate DESTROYED_ON = LocalDate.of(2025, 6, 20);
    static final LocalDate HANDED_OVER_ON = LocalDate.of(2025, 6, 25);
    static final LocalDate FORMER_COMMUNE_HANDS_OVER_ON = LocalDate.of(2025, 6, 27);
    static final LocalDate AFTER_THE_MERGER = LocalDate.of(2025, 7, 2);

    private final Path home;
    private final Map<String, AgentProcess> agents;
    private final Map<String, AgentProcess.ServiceSettings> services;
    private final Console console;
    private final Map<String, List<FileList>> lists = new LinkedHashMap<>();
    private final Map<String, ScenarioJournal> journals = new LinkedHashMap<>();

    /**
     * @param home the demo's data directory (the object store of the scans is {@code <home>/objects})
     * @param agents the running agents by site code, one per office of {@link CaMauOffices#ALL}
     * @param services how each agent's service runs, to restart the one that goes offline
     */
    DemoScenario(Path home, Map<String, AgentProcess> agents, Map<String, AgentProcess.ServiceSettings> services,
                 Console console) {
        this.home = home;
        this.agents = agents;
        this.services = services;
        this.console = console;
        for (Office office : CaMauOffices.ALL) {
            lists.put(office.siteCode(), office.fonds().stream().map(FileListGenerator::generate).toList());
            journals.put(office.siteCode(), new ScenarioJournal(agents.get(office.siteCode()).dir().resolve("scenario.done")));
        }
    }

    /** Runs every step not done yet, each on its day of the campaign; returns how many an earlier run did. */
    int run() {
        int skipped = 0;
        for (Office office : CaMauOffices.ALL) {
            skipped += step(office, "setup", SET_UP_ON, () -> setup(office));
        }
        for (Office office : holders()) {
            skipped += step(office, "file-list", LISTED_ON, () -> fileList(office));
        }
        for (Office office : holders()) {
            skipped += step(office, "appraisal", APPRAISED_ON, () -> appraise(office));
        }
        for (Office office : holders()) {
            skipped += step(office, "sealing", SEALED_ON, () -> seal(office));
        }
        for (Office office : List.of(CaMauOffices.CAI_NUOC, CaMauOffices.TRAN_VAN_THOI, CaMauOffices.SO_NOI_VU)) {
            skipped += step(office, "digitization", DIGITIZED_ON, () -> digitize(office));
        }
        skipped += step(CaMauOffices.TRAN_VAN_THOI, "offline", OFFLINE_ON, this::offlineForAWhile);
        // In the order of their days: the transfers before the destructions of 20/6, the handovers after.
        for (Handover h : handovers()) {
            if (!h.sentOn().isAfter(DESTROYED_ON)) {
                skipped += handover(h);
            }
        }
        for (Office office : holders()) {
            if (files(office).stream().anyMatch(f -> f.fate() == Fate.DESTROY)) {
                skipped += step(office, "destruction", DESTROYED_ON, () -> destroy(office));
            }
        }
        for (Handover h : handovers()) {
            if (h.sentOn().isAfter(DESTROYED_ON)) {
                skipped += handover(h);
            }
        }
        for (Office office : holders()) {
            skipped += step(office, "close-fonds", AFTER_THE_MERGER, () -> closeFonds(office));
        }
        skipped += step(CaMauOffices.TAN_HUNG, "foreign-records", AFTER_THE_MERGER, this::tryForeignRecords);
        skipped += step(CaMauOffices.CAI_NUOC, "key-rotation", AFTER_THE_MERGER, this::rotateKey);
        return skipped;
    }

    private int handover(Handover h) {
        return step(h.sender(), "handover-sent " + h.minutes(), h.sentOn(), () -> send(h))
                + step(h.receiver(), "handover-received " + h.minutes(), h.sentOn().plusDays(1), () -> confirm(h));
    }

    /** The offices that hold fonds (the historical archive only receives). */
    private static List<Office> holders() {
        return CaMauOffices.ALL.stream().filter(o -> !o.fonds().isEmpty()).toList();
    }

    /** Every list the offices import, by office: each fonds' first list, and Trần Văn Thời's mục lục số 2. */
    Map<Office, List<FileList>> importedLists() {
        Map<Office, List<FileList>> all = new LinkedHashMap<>();
        for (Office office : CaMauOffices.ALL) {
            List<FileList> of = new ArrayList<>(lists.get(office.siteCode()));
            if (office == CaMauOffices.TRAN_VAN_THOI) {
                of.add(secondBatch());
            }
            all.put(office, of);
        }
        return all;
    }

    private static FileList secondBatch() {
        return FileListGenerator.nextBatch(CaMauOffices.TRAN_VAN_THOI.fonds().get(0), 900, 2, null);
    }

    /** The events each office has recorded so far and the hub's cursor for it, as its agent last saw them. */
    Map<String, AgentProcess.Status> statuses() {
        Map<String, AgentProcess.Status> all = new LinkedHashMap<>();
        agents.forEach((site, agent) -> all.put(site, agent.status()));
        return all;
    }

    static String label(String siteCode) {
        return "agent " + siteCode;
    }

    private int step(Office office, String name, LocalDate on, Supplier<String> action) {
        ScenarioJournal journal = journals.get(office.siteCode());
        if (journal.done(name)) {
            return 1;
        }
        // Office hours: the step is recorded at 08:00 on its day, by the office's calendar.
        agent(office).calendar(on.atTime(8, 0));
        String summary;
        try {
            summary = action.get();
        } catch (CommandRefusedException e) {
            if (!ALREADY_RECORDED.contains(e.reason())) {
                throw e;
            }
            summary = name + ": already recorded by an earlier run (" + e.reason() + ")";
        }
        journal.markDone(name, summary);
        console.line(label(office.siteCode()), summary);
        return 0;
    }

    private static ObjectNode registerFonds(Fonds f, boolean closing) {
        boolean closed = closing && f.closed();
        return command("register-fonds", Http.object().put("fondsCode", f.code()).put("name", f.name())
                .put("creatingBody", f.creatingBody()).put("creatingUnitCode", f.creatingUnitCode())
                .put("startDate", String.valueOf(f.start()))
                .put("endDate", closed && f.end() != null ? f.end().toString() : null).put("closed", closed));
    }

    /**
     * After the merger the former units' fonds are closed with their last day (Công văn 414/BNV-VTLTNN) and the new
     * units' fonds are opened.
     */
    private String closeFonds(Office office) {
        List<Fonds> closing = office.fonds().stream().filter(Fonds::closed).toList();
        List<Fonds> opening = office.fonds().stream().filter(f -> f.start().isAfter(SET_UP_ON)).toList();
        List<ObjectNode> commands = new ArrayList<>();
        closing.forEach(f -> commands.add(registerFonds(f, true)));
        opening.forEach(f -> commands.add(registerFonds(f, false)));
        if (commands.isEmpty()) {
            return "no fonds to close or open";
        }
        Recorded r = agent(office).batch(commands, office.clerk());
        return String.format(Locale.US, "closed %s with the last day %s%s %s", count(closing.size(), "fonds", "fonds"),
                DemoMain.day(CaMauOffices.LAST_DAY_BEFORE_MERGER), opening.isEmpty() ? ""
                        : "; opened " + opening.stream().map(Fonds::code).collect(Collectors.joining(", ")) + " from "
                        + DemoMain.day(CaMauOffices.MERGER), events(r));
    }

    private String setup(Office office) {
        List<ObjectNode> commands = new ArrayList<>();
        for (Fonds f : office.fonds()) {
            // In May 2025 the fonds of the units ending on 30/6 are still open (they close after the merger), and the
            // new units' fonds do not exist yet (they open on 1/7).
            if (!f.start().isAfter(SET_UP_ON)) {
                commands.add(registerFonds(f, false));
            }
        }
        for (Location l : office.locations()) {
            commands.add(command("register-storage-location", Http.object().put("locationCode", l.code())
                    .put("name", l.name()).put("parentLocationCode", l.parentCode()).put("address", l.address())
                    .put("areaSquareMetres", l.areaSquareMetres()).put("shelfCount", l.shelfCount())
                    .put("capacityMetres", l.capacityMetres())));
        }
        for (Extents e : office.extents()) {
            commands.add(command("report-extents", Http.object().put("fondsCode", e.fondsCode())
                    .put("locationCode", e.locationCode()).put("sortedMetres", e.sorted())
                    .put("packedMetres", e.packed()).put("sealedMetres", e.sealed()).put("unsortedMetres", e.unsorted())
                    .put("readyToDigitizeMetres", e.readyToDigitize()).put("asOf", e.asOf().toString())));
        }
        Recorded r = agent(office).batch(commands, office.clerk());
        String extents = office.extents().isEmpty() ? "none (it receives)" : office.extents().stream()
                .map(e -> String.format(Locale.US, "%s%s %s m sorted%s + %s m unsorted = %s m, %s m ready to digitize",
                        e.fondsCode(), e.locationCode() == null ? "" : " at " + e.locationCode(), metres(e.sorted()),
                        e.packed() == null ? "" : " (" + metres(e.packed()) + " m packed)", metres(e.unsorted()),
                        metres(e.total()), metres(e.readyToDigitize())))
                .collect(Collectors.joining("; "));
        return String.format(Locale.US, "registered %s and %s; extents as of %s: %s %s",
                count((int) office.fonds().stream().filter(f -> !f.start().isAfter(SET_UP_ON)).count(), "fonds", "fonds"),
                count(office.locations().size(), "storage location", "storage locations"), DemoMain.day(CaMauOffices.REPORTED_ON),
                extents, events(r));
    }

    /**
     * The boxes are packed (one REST batch), then each fonds' file list is written as the office's spreadsheet (CSV)
     * and imported with the agent's command line, as a clerk would: every row in one transaction, signed once.
     */
    private String fileList(Office office) {
        AgentProcess agent = agent(office);
        List<ObjectNode> packs = new ArrayList<>();
        for (BoxRow b : boxes(office)) {
            packs.add(command("pack-box", Http.object().put("boxCode", b.boxCode()).put("fondsCode", b.fondsCode())
                    .put("locationCode", b.locationCode()).put("metres", b.metres())));
        }
        Recorded packed = agent.batch(packs, office.clerk());
        List<String> imported = new ArrayList<>();
        for (FileList list : lists.get(office.siteCode())) {
            if (list.files().isEmpty()) {
                continue;
            }
            Path csv = agent.dir().resolve("lists").resolve(list.fonds().code() + "-muc-luc-ho-so.csv");
            FileListGenerator.writeCsv(list, office.name(), csv);
            imported.add(importList(agent, office.clerk(), list.fonds().code(), csv));
        }
        return String.format(Locale.US, "packed %d boxes %s; %s", packs.size(), events(packed),
                String.join("; ", imported));
    }

    private static final Pattern READ = Pattern.compile(
            "Read (\\d+) rows below the header: (\\d+) valid files, (\\d+) file rows with problems");
    private static final Pattern CREATED_BOXES = Pattern.compile("Created (\\d+) new boxes");
    private static final Pattern SKIPPED = Pattern.compile("Skipped \\(not files, not problems\\): (\\d+) blank, "
            + "(\\d+) repeated header, (\\d+) column-number, (\\d+) classification heading, (\\d+) totals/closing rows");
    private static final Pattern RECORDED = Pattern.compile(
            "Recorded in one transaction: (\\d+) new, (\\d+) updated, (\\d+) unchanged .*, (\\d+) refused");
    private static final Pattern EVENTS = Pattern.compile("Events (\\d+) to (\\d+)");

    /** {@code archive-sync-agent import FILE --fonds F}: the report goes next to the sheet. */
    private static String importList(AgentProcess agent, String clerk, String fondsCode, Path csv, String... options) {
        Path report = csv.resolveSibling(csv.getFileName().toString().replace(".csv", "-import-report.json"));
        List<String> args = new ArrayList<>(List.of("import", csv.toString(), "--fonds", fondsCode, "--clerk", clerk,
                "--progress", "none", "--report", report.toString()));
        args.addAll(List.of(options));
        AgentProcess.CliResult r = agent.cli(args, Duration.ofMinutes(5));
        Matcher read = READ.matcher(r.output());
        Matcher recorded = RECORDED.matcher(r.output());
        Matcher events = EVENTS.matcher(r.output());
        Matcher skipped = SKIPPED.matcher(r.output());
        Matcher created = CREATED_BOXES.matcher(r.output());
        if (r.exitCode() != 0 || !read.find() || !recorded.find() || !"0".equals(read.group(3))
                || !"0".equals(recorded.group(4))) {
            throw new LocalStackException("agent " + agent.siteCode() + ": the import of " + DemoMain.shown(csv)
                    + " did not record every row (exit " + r.exitCode() + "): " + r.summary() + "; report "
                    + DemoMain.shown(report));
        }
        String furniture = skipped.find() ? String.format(Locale.US, "; skipped, not reported: %s repeated headers, "
                + "%s column-number rows, %s classification headings, %s closing line", skipped.group(2),
                skipped.group(3), skipped.group(4), skipped.group(5)) : "";
        return String.format(Locale.US, "CLI `import %s`: %s rows valid, 0 problems%s; %s new files and %s unchanged "
                        + "recorded in one transaction%s%s", DemoMain.shown(csv), read.group(2), furniture,
                recorded.group(1), recorded.group(3),
                created.find() ? " after packing " + created.group(1) + " new boxes it names (--create-boxes)" : "",
                events.find() ? " (events " + events.group(1) + "-" + events.group(2) + ", signed once)" : "");
    }

    private String appraise(Office office) {
        List<ObjectNode> commands = new ArrayList<>();
        Map<Fate, Integer> counts = new LinkedHashMap<>();
        String council = councilDecision(office);
        for (FileRow f : files(office)) {
            // A state-secret file's basis stays on paper at the office: the agent's secret gate refuses free text.
            commands.add(command("appraise-file", Http.object().put("fondsCode", f.fondsCode()).put("fileCode", f.fileCode())
                    .put("decision", f.fate().name()).put("basis", f.secret() ? null : basis(f))
                    .put("councilDecisionRef", council)
                    .put("appraisedOn", APPRAISED_ON.toString())));
            counts.merge(f.fate(), 1, Integer::sum);
        }
        Recorded r = agent(office).batch(commands, office.clerk());
        return String.format(Locale.US, "appraisal (council decision %s): %d to the provincial historical archive, "
                        + "%d kept at the successor, %d to destroy %s", council,
                counts.getOrDefault(Fate.TRANSFER_TO_HISTORICAL, 0), counts.getOrDefault(Fate.KEEP_AT_SUCCESSOR, 0),
                counts.getOrDefault(Fate.DESTROY, 0), events(r));
    }

    /** Boxes of files to transfer or keep are sealed; boxes of files to destroy go to destruction unsealed. */
    private String seal(Office office) {
        List<ObjectNode> commands = new ArrayList<>();
        for (BoxRow b : boxes(office)) {
            if (b.fate() != Fate.DESTROY) {
                commands.add(command("seal-box", Http.object().put("boxCode", b.boxCode())
                        .put("fondsCode", b.fondsCode()).put("sealNumber", seal(b))));
            }
        }
        if (commands.isEmpty()) {
            return "no box to seal";
        }
        String first = commands.get(0).path("command").path("sealNumber").asText();
        String last = commands.get(commands.size() - 1).path("command").path("sealNumber").asText();
        // The communes finish by 5/6 (DOMAIN.md §2): with the itemised boxes sealed, the office reports every sorted
        // metre of each fonds packed and sealed (most of its boxes are not itemised in the catalogue).
        boolean reportsAllSealed = office.role().equals("COMMUNE");
        if (reportsAllSealed) {
            for (Extents e : office.extents()) {
                commands.add(command("report-extents", Http.object().put("fondsCode", e.fondsCode())
                        .put("locationCode", e.locationCode()).put("sortedMetres", e.sorted())
                        .put("packedMetres", e.sorted()).put("sealedMetres", e.sorted()).put("unsortedMetres", e.unsorted())
                        .put("readyToDigitizeMetres", e.readyToDigitize()).put("asOf", SEALED_ON.toString())));
            }
        }
        Recorded r = agent(office).batch(commands, office.clerk());
        return String.format(Locale.US, "sealed %d boxes (seal numbers %s ... %s)%s %s", commands.size()
                        - (reportsAllSealed ? office.extents().size() : 0), first, last,
                reportsAllSealed ? "; reported every sorted metre packed and sealed on " + DemoMain.day(SEALED_ON) : "",
                events(r));
    }

    /**
     * A clerk scans three files into the office's scan folder ({@code <agent>/scans/<fonds>/<file>/}); the agent's
     * scan watcher hashes each scan, copies it into the object store and records it as {@code FileDigitized}.
     */
    private String digitize(Office office) {
        AgentProcess agent = agent(office);
        List<FileRow> chosen = files(office).stream()
                .filter(f -> f.fate() == Fate.TRANSFER_TO_HISTORICAL && "OPEN".equals(f.access()))
                .limit(3).toList();
        long before = agent.status().lastRecorded();
        int dropped = 0;
        long bytes = 0;
        for (FileRow f : chosen) {
            byte[] pdf = scan(f);
            Path file = scansDir(agent).resolve(f.fondsCode()).resolve(f.fileCode()).resolve("trang-0001.pdf");
            try {
                if (Files.exists(file) && java.util.Arrays.equals(Files.readAllBytes(file), pdf)) {
                    continue;   // put there by an earlier run: the watcher digitizes it after a restart too
                }
                Files.createDirectories(file.getParent());
                // Written aside and moved in, as a scanner does, so the watcher never sees half a file.
                Path partial = file.resolveSibling(file.getFileName() + ".part");
                Files.write(partial, pdf);
                Files.move(partial, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the scan " + file, e);
            }
            dropped++;
            bytes += pdf.length;
        }
        if (dropped == 0) {
            return "digitization: the scans were put in " + DemoMain.shown(scansDir(agent)) + " by an earlier run";
        }
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        AgentProcess.Status s = agent.status();
        while (s.lastRecorded() < before + dropped) {
            if (System.nanoTime() > deadline) {
                throw new LocalStackException("agent " + agent.siteCode() + ": the scan watcher did not record the "
                        + dropped + " scans in " + DemoMain.shown(scansDir(agent)) + " within 2 minutes; see "
                        + DemoMain.shown(agent.logFile()));
            }
            Pause.millis(500);
            s = agent.status();
        }
        return String.format(Locale.US, "scanned %d files into %s (%d bytes); the scan watcher hashed them (SHA-256), "
                        + "copied them into the object store %s and recorded them (events %d-%d)", dropped,
                DemoMain.shown(scansDir(agent)), bytes, DemoMain.shown(objectsDir(home, office.siteCode())), before + 1,
                s.lastRecorded());
    }

    static Path scansDir(AgentProcess agent) {
        return agent.dir().resolve("scans");
    }

    /** The demo's object store: a local folder per office, as the agent's {@code objects.store: local}. */
    static Path objectsDir(Path home, String siteCode) {
        return home.resolve("objects").resolve(siteCode);
    }

    private String destroy(Office office) {
        List<FileRow> expired = files(office).stream().filter(f -> f.fate() == Fate.DESTROY).toList();
        long boxes = boxes(office).stream().filter(b -> b.fate() == Fate.DESTROY).count();
        String minutes = "01/BB-HTL-" + shortName(office);
        ObjectNode c = Http.object()
                .put("destructionId", id("destruction", office.siteCode(), minutes).toString())
                .put("decisionRef", "Quyết định hủy tài liệu hết giá trị số 02/QĐ-" + shortName(office))
                // The destruction record is signed by the side handing the records over for destruction and the side
                // destroying them (DOMAIN.md §1, §2; TT 06/2025): the agent's two signatories.
                // (names are invented; each at most 64 characters, as the agent takes them).
                .put("firstApprover", "Nguyễn Thị Lan, lưu trữ viên " + shortName(office))
                .put("secondApprover", "Trần Văn Hùng, Công ty TNHH Môi trường Cà Mau")
                .put("minutesNumber", minutes)
                .put("metres", BigDecimal.valueOf(boxes).multiply(FileListGenerator.BOX_METRES))
                .put("destroyedOn", DESTROYED_ON.toString());
        fileKeys(c.putArray("files"), expired);
        Recorded r = agent(office).batch(List.of(command("record-destruction", c)), office.clerk());
        return String.format(Locale.US, "destruction record %s on %s: %d expired files (%d box(es)), signed by the side "
                + "handing them over for destruction and the side destroying them %s", minutes,
                DemoMain.day(DESTROYED_ON), expired.size(), boxes, events(r));
    }

    /**
     * A handover of sealed boxes and their files, with its minutes (biên bản giao nhận): to the historical archive
     * (transfer, nộp lưu) or to a successor commune (bàn giao).
     */
    private record Handover(Office sender, Office receiver, String receiverKind, String receivingUnitCode,
                            String minutes, LocalDate sentOn, List<BoxRow> boxes, String about) {
    }

    /**
     * The campaign's handovers: Trần Văn Thời and Cái Nước transfer their permanent records to the Provincial
     * Historical Archives Center (16/6, and 20/6 for Cái Nước); Cái Nước hands the records about the old communes now in
     * xã Tân Hưng to that commune; the former xã Tân Duyệt hands its records to the new xã Đầm Dơi before 30/6 (a
     * commune's records in the demo are all kept by its successor or destroyed: it transfers nothing).
     */
    private List<Handover> handovers() {
        Office centre = CaMauOffices.ARCHIVE_CENTRE;
        Office tanDuyet = CaMauOffices.TAN_DUYET_OFFICE;
        return List.of(
                new Handover(CaMauOffices.TRAN_VAN_THOI, centre, "HISTORICAL_ARCHIVE", null, "03/BB-NL",
                        TRAN_VAN_THOI_TRANSFERS_ON, boxesOf(CaMauOffices.TRAN_VAN_THOI, Fate.TRANSFER_TO_HISTORICAL),
                        "permanent records"),
                new Handover(CaMauOffices.CAI_NUOC, centre, "HISTORICAL_ARCHIVE", null, "04/BB-NL",
                        CAI_NUOC_TRANSFERS_ON, boxesOf(CaMauOffices.CAI_NUOC, Fate.TRANSFER_TO_HISTORICAL),
                        "permanent records"),
                new Handover(CaMauOffices.CAI_NUOC, CaMauOffices.TAN_HUNG, "SUCCESSOR_UNIT",
                        CaMauOffices.XA_TAN_HUNG.code(), "05/BB-GN", HANDED_OVER_ON,
                        boxes(CaMauOffices.CAI_NUOC).stream().filter(b -> b.fate() == Fate.KEEP_AT_SUCCESSOR
                                && CaMauOffices.INTO_XA_TAN_HUNG.contains(b.place())).toList(),
                        "records about " + CaMauOffices.INTO_XA_TAN_HUNG.stream().map(CaMauOffices.Place::name)
                                .collect(Collectors.joining(", "))),
                new Handover(tanDuyet, CaMauOffices.DAM_DOI, "SUCCESSOR_UNIT", CaMauOffices.XA_DAM_DOI.code(),
                        "01/BB-GN", FORMER_COMMUNE_HANDS_OVER_ON, boxesOf(tanDuyet, Fate.KEEP_AT_SUCCESSOR),
                        "the former commune's records kept by its successor"));
    }

    private List<BoxRow> boxesOf(Office office, Fate fate) {
        return boxes(office).stream().filter(b -> b.fate() == fate).toList();
    }

    private List<FileRow> filesIn(Handover h) {
        return files(h.sender()).stream().filter(f -> h.boxes().stream()
                .anyMatch(b -> b.fondsCode().equals(f.fondsCode()) && b.boxCode().equals(f.boxCode()))).toList();
    }

    private static BigDecimal metresOf(Handover h) {
        return BigDecimal.valueOf(h.boxes().size()).multiply(FileListGenerator.BOX_METRES);
    }

    private UUID handoverId(Handover h) {
        return id("handover", h.sender().siteCode(), h.minutes());
    }

    private String send(Handover h) {
        List<FileRow> files = filesIn(h);
        ObjectNode c = Http.object().put("handoverId", handoverId(h).toString()).put("receiverKind", h.receiverKind())
                .put("receivingUnitCode", h.receivingUnitCode()).put("receivingSiteCode", h.receiver().siteCode())
                .put("minutesNumber", h.minutes()).put("metres", metresOf(h))
                .put("handedOverOn", h.sentOn().toString());
        ArrayNode boxKeys = c.putArray("boxes");
        h.boxes().forEach(b -> boxKeys.addObject().put("fondsCode", b.fondsCode()).put("boxCode", b.boxCode()));
        fileKeys(c.putArray("files"), files);
        Recorded r = agent(h.sender()).batch(List.of(command("send-handover", c)), h.sender().clerk());
        return String.format(Locale.US, "%s %s on %s to %s (%s): %d sealed boxes, %d files, %s m of %s %s",
                "HISTORICAL_ARCHIVE".equals(h.receiverKind()) ? "transfer" : "handover", h.minutes(),
                DemoMain.day(h.sentOn()), h.receiver().name(), h.receiver().siteCode(), h.boxes().size(), files.size(),
                metres(metresOf(h)), h.about(), events(r));
    }

    private String confirm(Handover h) {
        List<FileRow> files = filesIn(h);
        ObjectNode c = Http.object().put("handoverId", handoverId(h).toString())
                .put("senderSiteCode", h.sender().siteCode()).put("minutesNumber", h.minutes())
                .put("receivedMetres", metresOf(h)).put("receivedOn", h.sentOn().plusDays(1).toString());
        ArrayNode boxKeys = c.putArray("receivedBoxes");
        h.boxes().forEach(b -> boxKeys.addObject().put("fondsCode", b.fondsCode()).put("boxCode", b.boxCode()));
        fileKeys(c.putArray("receivedFiles"), files);
        Recorded r = agent(h.receiver()).batch(List.of(command("confirm-handover-received", c)), h.receiver().clerk());
        return String.format(Locale.US, "received %s from %s on %s: %d boxes, %d files, seals intact, no "
                        + "discrepancies %s", h.minutes(), h.sender().siteCode(), DemoMain.day(h.sentOn().plusDays(1)),
                h.boxes().size(), files.size(), events(r));
    }

    /**
     * The Trần Văn Thời office loses its link: its service stops, the clerk goes on with the command line (which works
     * on the local store alone), the backlog grows; then the service comes back and publishes it.
     */
    /**
     * Tân Hưng's clerk registers Cái Nước's fonds under its own name and re-records one of Cái Nước's files with a new
     * title: the agent records it (it cannot know who holds a fonds), the hub refuses both events (Cái Nước holds
     * them), alerts, and tells the agent through its cursor. Cái Nước's catalogue is untouched and Tân Hưng goes on.
     */
    private String tryForeignRecords() {
        Office victim = CaMauOffices.CAI_NUOC;
        Fonds fonds = victim.fonds().get(0);
        FileRow target = files(victim).stream().filter(f -> f.fondsCode().equals(fonds.code()) && !f.secret())
                .findFirst().orElseThrow();
        AgentProcess agent = agent(CaMauOffices.TAN_HUNG);
        long before = agent.status().hubRefusals();
        // Without a box: the boxes are Cái Nước's, and Tân Hưng's agent knows only its own.
        ObjectNode rewritten = file(target).put("title", "Tiêu đề do cơ quan khác sửa").putNull("boxCode");
        Recorded r = agent.batch(List.of(
                command("register-fonds", Http.object().put("fondsCode", fonds.code()).put("name", "Phông mạo danh")
                        .put("creatingBody", "Cơ quan khác").put("startDate", "2000-01-01").put("closed", false)),
                command("record-file", rewritten)), CaMauOffices.TAN_HUNG.clerk());
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        long refused = before;
        while ((refused = agent.status().hubRefusals()) < before + 2 && System.nanoTime() < deadline) {
            pause(Duration.ofMillis(500));
        }
        return String.format(Locale.US, "tried to change %s's fonds %s and file %s %s: the hub refused %d of them "
                        + "(Sites and Alerts pages; `status` at this office), %s's catalogue is untouched",
                victim.siteCode(), fonds.code(), target.fileCode(), events(r), refused - before, victim.siteCode());
    }

    /**
     * Cái Nước rotates its signing key with the agent's command line while its service runs: the announcement is
     * signed with the old key; once the hub's cursor shows it applied, the service's next recording (the extents
     * reported again) is signed with the new key, and the hub retires the old one (Sites page).
     */
    private String rotateKey() {
        Office office = CaMauOffices.CAI_NUOC;
        AgentProcess agent = agent(office);
        AgentProcess.CliResult r = agent.cli(List.of("rotate-key", "--clerk", office.clerk()), Duration.ofMinutes(2));
        if (r.exitCode() != 0) {
            throw new LocalStackException("agent " + office.siteCode() + ": `rotate-key` exited " + r.exitCode() + ": "
                    + r.summary());
        }
        Matcher key = Pattern.compile("New key ([0-9a-f]{16})").matcher(r.output());
        String newKey = key.find() ? key.group(1) : "?";
        long announced = agent.status().lastRecorded();
        waitForHub(agent, announced);
        Extents e = office.extents().get(0);
        Recorded after = agent.batch(List.of(command("report-extents", Http.object().put("fondsCode", e.fondsCode())
                .put("sortedMetres", e.sorted()).put("unsortedMetres", e.unsorted())
                .put("readyToDigitizeMetres", e.readyToDigitize()).put("asOf", e.asOf().toString()))), office.clerk());
        waitForHub(agent, after.lastSequence());
        return String.format(Locale.US, "rotated its signing key: new key %s announced in event %d (signed with the old "
                + "key), first signed with the new key in event %d; the hub retired the old key (Sites page)", newKey,
                announced, after.lastSequence());
    }

    /** Waits (at most a minute) until the hub's cursor for the agent's office reaches {@code sequence}. */
    private static void waitForHub(AgentProcess agent, long sequence) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            Long cursor = agent.status().hubCursor();
            if (cursor != null && cursor >= sequence) {
                return;
            }
            pause(Duration.ofMillis(500));
        }
        throw new LocalStackException("agent " + agent.siteCode() + ": the hub did not apply event " + sequence
                + " within a minute");
    }

    private static void pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private String offlineForAWhile() {
        Office office = CaMauOffices.TRAN_VAN_THOI;
        AgentProcess agent = agent(office);
        String label = label(office.siteCode());
        ScenarioJournal journal = journals.get(office.siteCode());
        if (agent.serving()) {
            agent.stop();
        }
        console.line(label, "offline from " + DemoMain.day(OFFLINE_ON) + ": the office's link is down (service "
                + "stopped); the clerk keeps recording with the command line");
        Fonds fonds = office.fonds().get(0);
        FileList second = secondBatch();
        if (!journal.done("offline:import")) {
            // Mục lục số 2 names boxes nobody registered yet: the import packs them (--create-boxes) before its files,
            // in the same transaction, instead of one `record pack-box` per box.
            Path csv = agent.dir().resolve("lists").resolve(fonds.code() + "-muc-luc-ho-so-dot-2.csv");
            FileListGenerator.writeCsv(second, office.name(), csv);
            String imported = importList(agent, office.clerk(), fonds.code(), csv, "--create-boxes");
            journal.markDone("offline:import", imported);
            console.line(label, "offline, " + imported);
        }
        for (BoxRow b : second.boxes()) {
            offlineRecord(agent, journal, "offline:seal " + b.boxCode(), office.clerk(), List.of("seal-box", "--box",
                    b.fondsCode() + "/" + b.boxCode(), "--seal", seal(b)));
        }
        AgentProcess.CliResult status = agent.cli(List.of("status"), Duration.ofMinutes(1));
        String backlog = status.output().lines().filter(l -> l.startsWith("Backlog")).findFirst().orElse("Backlog: ?");
        console.line(label, "offline status (CLI): " + backlog);

        long started = System.nanoTime();
        agent.calendar(BACK_ONLINE_ON.atTime(8, 0));
        agent.serve(services.get(office.siteCode()), Duration.ofMinutes(3));
        AgentProcess.Status s = awaitPublishedAndApplied(agent, Duration.ofMinutes(3));
        return String.format(Locale.US, "back online on %s after %.1f s: backlog published, hub cursor %d = last "
                + "event %d", DemoMain.day(BACK_ONLINE_ON), (System.nanoTime() - started) / 1e9, s.hubCursor(),
                s.lastRecorded());
    }

    private void offlineRecord(AgentProcess agent, ScenarioJournal journal, String step, String clerk,
                               List<String> args) {
        if (journal.done(step)) {
            return;
        }
        String out = agent.record(clerk, args);
        journal.markDone(step, out);
        console.line(label(agent.siteCode()), "offline, CLI `record " + args.get(0) + "`: " + out.lines().findFirst()
                .orElse(""));
    }

    /** Waits until the agent published everything it recorded and the hub's cursor reached its last event. */
    static AgentProcess.Status awaitPublishedAndApplied(AgentProcess agent, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            AgentProcess.Status s = agent.status();
            if (s.backlog() == 0 && s.hubCursor() != null && s.hubCursor() == s.lastRecorded()) {
                return s;
            }
            if (System.nanoTime() > deadline) {
                throw new LocalStackException("agent " + agent.siteCode() + ": not caught up within " + timeout
                        + " (recorded " + s.lastRecorded() + ", published " + s.lastPublished() + ", hub cursor "
                        + s.hubCursor() + "); see " + agent.logFile());
            }
            Pause.millis(500);
        }
    }

    private AgentProcess agent(Office office) {
        return agents.get(office.siteCode());
    }

    private List<FileRow> files(Office office) {
        return lists.get(office.siteCode()).stream().flatMap(l -> l.files().stream()).toList();
    }

    private List<BoxRow> boxes(Office office) {
        return lists.get(office.siteCode()).stream().flatMap(l -> l.boxes().stream()).toList();
    }

    private static ObjectNode command(String type, ObjectNode command) {
        ObjectNode item = Http.object().put("type", type);
        item.set("command", command);
        return item;
    }

    private static ObjectNode file(FileRow f) {
        ObjectNode c = Http.object().put("fondsCode", f.fondsCode()).put("fileCode", f.fileCode())
                .put("fileNumber", f.fileNumber()).put("reference", f.reference()).put("listNumber", f.listNumber())
                .put("series", f.series()).put("boxCode", f.boxCode()).put("sheetCount", f.sheets())
                .put("retention", f.retention()).put("retentionYears", f.retentionYears())
                .put("accessRegime", f.access());
        if (f.secret()) {
            // State secret (Law 29/2018/QH14): only the stub leaves the office.
            c.put("secretLevel", f.secretLevel());
            c.putArray("keywords");
            return c;
        }
        c.put("title", f.title()).put("startDate", f.start().toString()).put("startPrecision", f.startPrecision())
                .put("endDate", f.end().toString()).put("endPrecision", f.endPrecision())
                .put("language", "vi").put("physicalCondition", f.condition()).put("notes", f.notes());
        ArrayNode keywords = c.putArray("keywords");
        f.keywords().forEach(keywords::add);
        return c;
    }

    private static void fileKeys(ArrayNode array, List<FileRow> files) {
        files.forEach(f -> array.addObject().put("fondsCode", f.fondsCode()).put("fileCode", f.fileCode()));
    }

    private static String basis(FileRow f) {
        return switch (f.fate()) {
            case TRANSFER_TO_HISTORICAL -> "Tài liệu có giá trị bảo quản vĩnh viễn, nộp lưu vào Lưu trữ lịch sử tỉnh";
            case KEEP_AT_SUCCESSOR -> f.legacyRetention() != null
                    ? "Mục lục cũ ghi thời hạn theo cách trước năm 2011, giao đơn vị kế thừa quản lý và xác định lại giá trị"
                    : "Còn thời hạn lưu trữ, giao đơn vị kế thừa quản lý";
            case DESTROY -> "Hết thời hạn lưu trữ " + f.retentionYears() + " năm";
        };
    }

    private static String councilDecision(Office office) {
        return "01/QĐ-HĐXĐGTTL-" + shortName(office);
    }

    private static String shortName(Office office) {
        String code = office.siteCode();
        String[] parts = code.split("\\.");
        return parts.length > 1 ? parts[1] : code;
    }

    /** Seal numbers are unique at the office: the fonds' own number (F02) and the box number (H001). */
    private static String seal(BoxRow b) {
        return "NP-" + b.fondsCode().substring(b.fondsCode().lastIndexOf('.') + 1) + "-" + b.boxCode();
    }

    private static UUID id(String kind, String siteCode, String minutes) {
        return UUID.nameUUIDFromBytes((kind + "|" + siteCode + "|" + minutes).getBytes(StandardCharsets.UTF_8));
    }

    private static String events(Recorded r) {
        return r.count() == 1 ? "(event " + r.firstSequence() + ")"
                : "(events " + r.firstSequence() + "-" + r.lastSequence() + ")";
    }

    private static String count(int n, String one, String many) {
        return n + " " + (n == 1 ? one : many);
    }

    static String metres(BigDecimal m) {
        return String.format(Locale.US, "%,.1f", m);
    }

    /** A one-page PDF standing for the scan of a file (Helvetica cannot draw Vietnamese: the text is ASCII). */
    static byte[] scan(FileRow f) {
        String text = "archive-sync demo scan: " + f.fondsCode() + " / " + f.fileCode() + ", page 1";
        String stream = "BT /F1 14 Tf 72 770 Td (" + text + ") Tj ET";
        List<String> objects = List.of(
                "<< /Type /Catalog /Pages 2 0 R >>",
                "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
                        + "/Resources << /Font << /F1 5 0 R >> >> >>",
                "<< /Length " + stream.length() + " >>\nstream\n" + stream + "\nendstream",
                "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<Integer> offsets = new ArrayList<>();
        write(out, "%PDF-1.4\n");
        for (int i = 0; i < objects.size(); i++) {
            offsets.add(out.size());
            write(out, (i + 1) + " 0 obj\n" + objects.get(i) + "\nendobj\n");
        }
        int xref = out.size();
        StringBuilder table = new StringBuilder("xref\n0 " + (objects.size() + 1) + "\n0000000000 65535 f \n");
        offsets.forEach(o -> table.append(String.format(Locale.ROOT, "%010d 00000 n \n", o)));
        write(out, table + "trailer\n<< /Size " + (objects.size() + 1) + " /Root 1 0 R >>\nstartxref\n" + xref
                + "\n%%EOF\n");
        return out.toByteArray();
    }

    private static void write(ByteArrayOutputStream out, String s) {
        out.writeBytes(s.getBytes(StandardCharsets.US_ASCII));
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
