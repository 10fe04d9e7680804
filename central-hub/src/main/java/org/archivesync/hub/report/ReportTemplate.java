package org.archivesync.hub.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Every text of the report's layout, from a UTF-8 properties file a province can adapt: the default
 * {@code report/so-noi-vu.properties} on the classpath, or the file {@code archive-sync.hub.report.template} names.
 * A template must have every key of {@link #KEYS} (a value may be empty); placeholders are written {@code {name}} and
 * replaced as plain text, so a province never has to know MessageFormat's quoting rules.
 */
final class ReportTemplate {

    static final String DEFAULT = "report/so-noi-vu.properties";

    /** The keys every template has; the default template has exactly these. */
    static final List<String> KEYS = List.of("governing-body", "issuing-body", "number", "number-blank", "country",
            "motto", "place", "place-date", "title", "subject", "period", "as-of", "intro", "unit-note",
            "section.districts", "section.communes", "communes.note", "communes.shared", "section.milestones", "section.at-risk",
            "column.no", "column.district", "column.commune", "column.inventoried", "column.sorted", "column.packed",
            "column.sealed", "column.digitized", "column.handed-over", "column.transferred", "column.files",
            "column.boxes", "column.destroyed", "total", "ungrouped", "milestone.district", "milestone.name",
            "milestone.due", "milestone.target", "milestone.achieved", "milestone.percent", "milestone.forecast",
            "milestone.status", "status.DONE", "status.ON_TRACK", "status.AT_RISK", "status.NO_TARGET",
            "status.NOTHING_TO_DO", "status.NOT_MEASURED", "at-risk.office", "at-risk.code", "at-risk.milestones",
            "at-risk.line", "at-risk.late", "none", "truncated", "recipients.heading", "recipients", "signer.title",
            "signer.hint", "signer.name", "sheet");

    private final String source;
    private final Properties texts;

    private ReportTemplate(String source, Properties texts) {
        this.source = source;
        this.texts = texts;
    }

    /**
     * The template at {@code path}, or the default when {@code path} is null.
     *
     * @throws IllegalStateException naming the file and every missing key, or when the file cannot be read
     */
    static ReportTemplate load(Path path) {
        if (path == null) {
            try (InputStream in = ReportTemplate.class.getClassLoader().getResourceAsStream(DEFAULT)) {
                if (in == null) {
                    throw new IllegalStateException("report template missing from the classpath: " + DEFAULT);
                }
                return of("classpath:" + DEFAULT, in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        try (InputStream in = Files.newInputStream(path)) {
            return of(path.toString(), in);
        } catch (IOException e) {
            throw new IllegalStateException("archive-sync.hub.report.template: cannot read " + path + ": " + e, e);
        }
    }

    private static ReportTemplate of(String source, InputStream in) throws IOException {
        Properties p = new Properties();
        try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            p.load(reader);
        }
        List<String> missing = KEYS.stream().filter(k -> p.getProperty(k) == null).toList();
        if (!missing.isEmpty()) {
            throw new IllegalStateException("report template " + source + " lacks " + missing.size() + " key(s): "
                    + String.join(", ", missing) + " (copy them from " + DEFAULT + ")");
        }
        return new ReportTemplate(source, p);
    }

    /** Where the template was read from, for the log. */
    String source() {
        return source;
    }

    /** The text of {@code key} with its placeholders replaced (a placeholder without a value stays as written). */
    String text(String key, Map<String, String> values) {
        String text = texts.getProperty(key);
        if (text == null) {
            throw new IllegalArgumentException("not a report template key: " + key);
        }
        for (Map.Entry<String, String> v : values.entrySet()) {
            text = text.replace("{" + v.getKey() + "}", v.getValue());
        }
        return Normalizer.normalize(text, Normalizer.Form.NFC);
    }

    String text(String key) {
        return text(key, Map.of());
    }

    /** The text of a milestone status, or the status itself when this template does not name it. */
    String status(String status) {
        String text = texts.getProperty("status." + status);
        return text == null ? status : Normalizer.normalize(text, Normalizer.Form.NFC);
    }
}
