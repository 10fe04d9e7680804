package org.archivesync.agent.importer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.function.BiPredicate;

import javax.xml.parsers.ParserConfigurationException;

import org.apache.poi.UnsupportedFileFormatException;
import org.apache.poi.ooxml.POIXMLException;
import org.apache.poi.openxml4j.exceptions.OpenXML4JException;
import org.apache.poi.openxml4j.exceptions.OpenXML4JRuntimeException;
import org.apache.poi.openxml4j.util.ZipSecureFile;
import org.apache.poi.poifs.filesystem.FileMagic;
import org.apache.poi.poifs.filesystem.POIFSFileSystem;
import org.apache.poi.util.RecordFormatException;
import org.xml.sax.SAXException;

/**
 * Reads an office's file list (mục lục hồ sơ) from an .xlsx or .csv into {@link ImportedFile}s
 * and an {@link ImportReport}. It records nothing: the caller records the files (a dry run does
 * not). Each call is independent; the importer holds no state between calls.
 *
 * <p>Guarantees:
 * <ul>
 * <li>An .xlsx is streamed (SAX over the sheet XML), never loaded whole; formulas are never
 *     evaluated.</li>
 * <li>Every row below the header ends up as exactly one of: a valid file, a row with problems in the
 *     report, or the sheet's furniture, skipped and counted by kind (blank, repeated header,
 *     column numbers, classification heading, closing line). Text is Unicode NFC; cells typed in
 *     TCVN3 or VNI fonts are converted.</li>
 * <li>Each file has its identifier (mã hồ sơ): written, or built as {@link FileIdentifier} says.
 *     Dates keep the precision written (a year stays a year); "Lâu dài" and "Tạm thời" stay legacy
 *     retention values.</li>
 * <li>Refusals are {@link ImportRefusedException}s and produce no files: a file over the size or
 *     row limit, encrypted, corrupted, not a spreadsheet, a zip bomb, without a recognisable header,
 *     a missing sheet, a bad mapping file, and formula cells in imported columns unless
 *     {@link ImportOptions#skipFormulaRows()}.</li>
 * <li>State-secret rows come back as stubs, and none of their descriptive cells appear in the
 *     report.</li>
 * </ul>
 *
 * <p>POI's zip-bomb guard ({@link ZipSecureFile}) is JVM-wide: constructing an importer sets it
 * from the limits, for every POI reader in the process.
 */
public final class SheetImporter {

    private final ImportLimits limits;

    public SheetImporter(ImportLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
        ZipSecureFile.setMinInflateRatio(limits.minInflateRatio());
        ZipSecureFile.setMaxEntrySize(limits.maxEntryBytes());
    }

    /**
     * Reads one file.
     *
     * @param file      the .xlsx or .csv to read; never null
     * @param options   what the clerk asked for; null for {@link ImportOptions#defaults()}
     * @param boxExists whether a box (fonds code, box code) is registered at this office; null skips the box
     *                  check, and so does {@link ImportOptions#createBoxes()}
     * @param progress  told how far the import got; null for none
     * @return the valid files, in sheet order, and the report
     * @throws ImportRefusedException when the whole file is refused (its reason says why)
     * @throws UncheckedIOException   when the file cannot be read at all (missing, no permission)
     */
    public ImportResult read(Path file, ImportOptions options, BiPredicate<String, String> boxExists,
                             ImportProgress progress) {
        Objects.requireNonNull(file, "file");
        ImportOptions chosen = options != null ? options : ImportOptions.defaults();
        String name = file.getFileName().toString();
        long size = size(file);
        if (size > limits.maxFileBytes()) {
            throw ImportRefusedException.fileTooLarge(name, size, limits.maxFileBytes());
        }
        if (size == 0) {
            throw ImportRefusedException.corrupted(name, null);
        }
        HeaderAliases aliases = HeaderAliases.builtIn();
        if (chosen.mappingFile() != null) {
            aliases = aliases.withMappingFile(chosen.mappingFile());
        }
        ImportSession session = new ImportSession(name, limits, chosen, aliases, boxExists,
                progress != null ? progress : ImportProgress.NONE);
        FileMagic magic = magic(file);
        if (magic == FileMagic.OOXML) {
            return readXlsx(file, name, chosen, session);
        }
        if (magic == FileMagic.OLE2) {
            throw refuseOle2(file, name);
        }
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".csv") || lower.endsWith(".txt")) {
            return readCsv(file, name, session);
        }
        throw ImportRefusedException.unsupportedType(name);
    }

    private ImportResult readXlsx(Path file, String name, ImportOptions options, ImportSession session) {
        String sheet;
        try {
            sheet = XlsxSheetReader.read(file, name, options.sheetName(), session);
        } catch (IOException | OpenXML4JException | SAXException | ParserConfigurationException
                 | POIXMLException | OpenXML4JRuntimeException | UnsupportedFileFormatException
                 | RecordFormatException | NumberFormatException | IndexOutOfBoundsException e) {
            // The last two: a cell reference, number or shared-string index that does not parse.
            throw refusal(name, e);
        }
        return session.finish("XLSX", null, sheet);
    }

    private static ImportResult readCsv(Path file, String name, ImportSession session) {
        CsvSheetReader.Encoding encoding;
        try {
            encoding = CsvSheetReader.detect(file);
            CsvSheetReader.read(file, encoding, session);
        } catch (IOException e) {
            throw ImportRefusedException.corrupted(name, e);
        }
        return session.finish("CSV", encoding.label(), null);
    }

    /** An OLE2 container is either an encrypted .xlsx (EncryptionInfo inside) or an old binary .xls. */
    private static ImportRefusedException refuseOle2(Path file, String name) {
        try (POIFSFileSystem fs = new POIFSFileSystem(file.toFile(), true)) {
            if (fs.getRoot().hasEntryCaseInsensitive("EncryptionInfo")) {
                return ImportRefusedException.encrypted(name);
            }
        } catch (IOException | RuntimeException e) {
            return ImportRefusedException.corrupted(name, e);
        }
        return ImportRefusedException.unsupportedType(name);
    }

    /**
     * POI reports a zip bomb as a plain IOException, told apart only by its message; everything
     * else that stops the reading means the file is damaged.
     */
    private static ImportRefusedException refusal(String name, Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ImportRefusedException refused) {
                return refused;
            }
            if (t instanceof SAXException sax && sax.getException() instanceof ImportRefusedException refused) {
                return refused;
            }
            String message = t.getMessage();
            if (message != null && (message.startsWith("Zip bomb detected")
                    || message.contains("potentially malicious"))) {
                return ImportRefusedException.zipBomb(name, failure);
            }
        }
        return ImportRefusedException.corrupted(name, failure);
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static FileMagic magic(Path file) {
        try (InputStream in = FileMagic.prepareToCheckMagic(Files.newInputStream(file))) {
            return FileMagic.valueOf(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
