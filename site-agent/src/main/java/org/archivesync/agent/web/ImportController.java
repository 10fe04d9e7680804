package org.archivesync.agent.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Principal;
import java.util.Comparator;
import java.util.Locale;
import java.util.stream.Stream;
import org.archivesync.agent.importer.ImportOptions;
import org.archivesync.agent.messages.AgentMessages;
import org.archivesync.agent.sheetimport.ImportOutcome;
import org.archivesync.agent.sheetimport.SheetImport;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/**
 * {@code POST /api/imports}: a file list uploaded as {@code multipart/form-data} ({@code file}, optionally
 * {@code mapping}); parameters {@code sheet}, {@code fonds}, {@code listNumber}, {@code createBoxes} (pack the boxes the
 * sheet names that do not exist yet, before the files), {@code boxMetres}, {@code skipFormulaRows}, {@code dryRun}. A preview unless {@code dryRun=false}: 200 with what a real import would do; a real import answers
 * 201. The body is the import's JSON report (rows read and valid, problems by row and column, new / updated /
 * unchanged / refused files, the events); a refused file is a 422 problem detail.
 */
@RestController
class ImportController {

    private final SheetImport sheetImport;

    ImportController(SheetImport sheetImport) {
        this.sheetImport = sheetImport;
    }

    @PostMapping(path = "/api/imports", consumes = MediaType.MULTIPART_FORM_DATA_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<?> importSheet(@RequestPart("file") MultipartFile file,
                                       @RequestPart(name = "mapping", required = false) MultipartFile mapping,
                                       @RequestParam(defaultValue = "true") boolean dryRun,
                                       @RequestParam(required = false) String sheet,
                                       @RequestParam(required = false) String fonds,
                                       @RequestParam(defaultValue = "false") boolean skipFormulaRows,
                                       @RequestParam(required = false) String listNumber,
                                       @RequestParam(defaultValue = "false") boolean createBoxes,
                                       @RequestParam(required = false) BigDecimal boxMetres,
                                       Principal clerk,
                                       Locale locale) {
        if (!ImportOptions.allowedBoxMetres(boxMetres)) {
            // A refusal of the request, before anything is saved or read.
            ProblemDetail pd = Problems.of(HttpStatus.BAD_REQUEST, "problem.bad-request",
                    AgentMessages.of(locale).get("import.box-metres-positive"), locale);
            pd.setProperty("field", "boxMetres");
            return ResponseEntity.badRequest().body(pd);
        }
        Path folder = temporaryFolder();
        try {
            // The name matters (.csv or .txt is read as text): keep the client's, without any folder part.
            Path sheetFile = save(file, folder, "sheet");
            Path mappingFile = mapping == null || mapping.isEmpty() ? null : save(mapping, folder.resolve("mapping"), "mapping");
            ImportOptions options = ImportOptions.defaults().withSheet(blankToNull(sheet)).withFonds(blankToNull(fonds))
                    .withMappingFile(mappingFile).withSkipFormulaRows(skipFormulaRows)
                    .withListNumber(blankToNull(listNumber)).withCreateBoxes(createBoxes, boxMetres);
            // The clerk is the authenticated account: no request reaches here without one.
            SheetImport as = sheetImport.withClerk(clerk.getName());
            ImportOutcome outcome = as.run(sheetFile, options, dryRun, null);
            return ResponseEntity.status(dryRun ? HttpStatus.OK : HttpStatus.CREATED)
                    .contentType(MediaType.APPLICATION_JSON).body(outcome.toJson(locale));
        } finally {
            deleteQuietly(folder);
        }
    }

    private static Path save(MultipartFile part, Path folder, String fallback) {
        String name = part.getOriginalFilename() == null ? "" : part.getOriginalFilename();
        name = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1).strip();
        if (name.isEmpty() || name.equals(".") || name.equals("..")) {
            name = fallback;
        }
        try {
            Files.createDirectories(folder);
            Path target = folder.resolve(name);
            part.transferTo(target);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the uploaded file", e);
        }
    }

    private static Path temporaryFolder() {
        try {
            return Files.createTempDirectory("archive-sync-import-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a folder for the upload", e);
        }
    }

    private static void deleteQuietly(Path folder) {
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // The temporary folder is the system's to clean up.
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
