package org.archivesync.agent.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.archivesync.agent.importer.ImportOptions;
import org.archivesync.agent.importer.ImportRefusedException;
import org.archivesync.agent.importer.SheetImporter;
import org.archivesync.agent.messages.AgentMessages;
import org.archivesync.agent.recording.Recorder;
import org.archivesync.agent.sheetimport.ImportOutcome;
import org.archivesync.agent.sheetimport.SheetImport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code import FILE [--sheet NAME] [--fonds CODE] [--list-number N] [--create-boxes [--box-metres M]] [--dry-run]
 * [--mapping FILE] [--report FILE.json]}: the sheet's
 * valid rows recorded in one transaction, or only checked with {@code --dry-run}; the report on stdout (Vietnamese
 * unless {@code --lang en}), progress on stderr. Exit 0 when the file was read (rows with problems are reported, the
 * rest recorded), 2 when the whole file was refused (nothing recorded).
 */
@Command(name = "import", mixinStandardHelpOptions = true)
class ImportCommand implements Callable<Integer> {

    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    @ParentCommand
    AgentCli cli;

    @Parameters(index = "0", paramLabel = "FILE", descriptionKey = "cli.option.import-file")
    Path file;

    @Option(names = "--sheet", descriptionKey = "cli.option.sheet", paramLabel = "NAME")
    String sheet;

    @Option(names = "--fonds", descriptionKey = "cli.option.import-fonds", paramLabel = "CODE")
    String fonds;

    @Option(names = "--list-number", descriptionKey = "cli.option.list-number", paramLabel = "N")
    String listNumber;

    @Option(names = "--create-boxes", descriptionKey = "cli.option.create-boxes")
    boolean createBoxes;

    @Option(names = "--box-metres", descriptionKey = "cli.option.box-metres", paramLabel = "METRES")
    BigDecimal boxMetres;

    @Option(names = "--dry-run", descriptionKey = "cli.option.dry-run")
    boolean dryRun;

    @Option(names = "--mapping", descriptionKey = "cli.option.mapping", paramLabel = "FILE")
    Path mapping;

    @Option(names = "--report", descriptionKey = "cli.option.report", paramLabel = "FILE.json")
    Path report;

    @Option(names = "--skip-formula-rows", descriptionKey = "cli.option.skip-formula-rows")
    boolean skipFormulaRows;

    @Option(names = "--progress", descriptionKey = "cli.option.progress", paramLabel = "auto|bar|text|none")
    CliProgress.Mode progress = CliProgress.Mode.AUTO;

    @Option(names = "--clerk", descriptionKey = "cli.option.clerk", paramLabel = "ACCOUNT")
    String clerk = System.getProperty("user.name", "clerk");

    @Override
    public Integer call() {
        AgentMessages m = cli.messages();
        if (!ImportOptions.allowedBoxMetres(boxMetres)) {
            throw new CliUsageException(m.get("import.box-metres-positive"));
        }
        CliContext ctx = CliContext.open(cli);
        // A dry run needs no identity; a real run is refused by the recorder before enrollment.
        Recorder recorder = cli.recorder(ctx, clerk);
        SheetImport sheetImport = new SheetImport(new SheetImporter(SheetImport.configuredLimits()), recorder,
                SheetImport.configuredBoxMetres());
        ImportOptions options = ImportOptions.defaults().withSheet(sheet).withFonds(fonds).withMappingFile(mapping)
                .withSkipFormulaRows(skipFormulaRows).withListNumber(listNumber)
                .withCreateBoxes(createBoxes, boxMetres);
        ImportOutcome outcome;
        try (CliProgress bar = CliProgress.open(progress, cli.err, m)) {
            outcome = sheetImport.run(file, options, dryRun, bar);
        } catch (ImportRefusedException e) {
            return refused(e, m);
        }
        cli.out.print(outcome.toText(m.locale()));
        if (report != null) {
            write(report, outcome.toJson(m.locale()));
            cli.out.println(m.get("cli.import.report-written", report.toAbsolutePath().toString()));
        }
        return 0;
    }

    /** The whole file refused: what the sheet held when there is a report, then why; the JSON says the same. */
    private int refused(ImportRefusedException e, AgentMessages m) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("refused", Map.of("reason", e.messageKey(), "message", e.localizedMessage(m.locale())));
        if (e.report() != null) {
            cli.out.print(e.report().toText(m.locale()));
            json.put("report", e.report());
        }
        cli.err.println(e.localizedMessage(m.locale()));
        if (report != null) {
            write(report, JSON.writeValueAsString(json));
            cli.out.println(m.get("cli.import.report-written", report.toAbsolutePath().toString()));
        }
        return AgentCli.REFUSED;
    }

    private static void write(Path file, String json) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(file, json, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report " + file, e);
        }
    }
}
