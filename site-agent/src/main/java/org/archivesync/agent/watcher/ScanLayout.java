package org.archivesync.agent.watcher;

import java.text.Normalizer;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.archivesync.agent.recording.FileKey;

/**
 * Which file a scan belongs to, from its path under the scan folder: a regular expression over the '/'-separated
 * relative path with a named group {@code file} and, unless every scan belongs to one fonds, a group {@code fonds}.
 * The default, {@code (?<fonds>[^/]+)/(?<file>[^/]+)/.+}, is one folder per fonds holding one folder per file.
 */
final class ScanLayout {

    static final String DEFAULT = "(?<fonds>[^/]+)/(?<file>[^/]+)/.+";

    private final Pattern pattern;
    private final boolean hasFonds;
    private final String defaultFonds;

    /**
     * @throws IllegalArgumentException when the pattern does not compile, has no {@code file} group, or has no
     *                                  {@code fonds} group and no default fonds
     */
    ScanLayout(String regex, String defaultFonds) {
        try {
            this.pattern = Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("archive-sync.agent.scans.path-pattern does not compile: " + e.getMessage(), e);
        }
        // Java 17 has no Pattern.namedGroups(): look for the group syntax itself.
        if (!regex.contains("(?<file>")) {
            throw new IllegalArgumentException("archive-sync.agent.scans.path-pattern needs a group (?<file>...)");
        }
        this.hasFonds = regex.contains("(?<fonds>");
        this.defaultFonds = defaultFonds == null || defaultFonds.isBlank() ? null : defaultFonds.strip();
        if (!hasFonds && this.defaultFonds == null) {
            throw new IllegalArgumentException("archive-sync.agent.scans.path-pattern has no group (?<fonds>...): "
                    + "set archive-sync.agent.scans.default-fonds");
        }
    }

    /** The file of a scan; empty when the path does not follow the layout. */
    Optional<FileKey> fileOf(String relativePath) {
        Matcher m = pattern.matcher(relativePath);
        if (!m.matches()) {
            return Optional.empty();
        }
        String fonds = hasFonds && m.group("fonds") != null ? nfc(m.group("fonds")) : defaultFonds;
        String file = m.group("file") == null ? null : nfc(m.group("file"));
        if (fonds == null || fonds.isEmpty() || file == null || file.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new FileKey(fonds, file));
    }

    /** Folder names come back in NFD from some file systems (macOS): codes are compared in NFC. */
    private static String nfc(String name) {
        return Normalizer.normalize(name.strip(), Normalizer.Form.NFC);
    }
}
