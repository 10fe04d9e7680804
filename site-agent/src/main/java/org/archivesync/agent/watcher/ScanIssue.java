package org.archivesync.agent.watcher;

import java.time.Instant;
import java.util.Locale;
import org.archivesync.agent.messages.AgentMessages;

/**
 * A scan the watcher did not digitize, as {@code status} shows it until the clerk deals with it (the issue goes
 * away when the file is moved, removed or replaced, or when its file gets recorded).
 *
 * @param path      the scan's path under the scan folder, '/'-separated
 * @param fondsCode the fonds its folder names; null when the path does not follow the layout
 * @param fileCode  the file its folder names; null when the path does not follow the layout
 * @param kind      what is wrong
 * @param detail    for {@code UNREADABLE} a reason ({@code not-a-scan}, {@code damaged}, {@code password-protected},
 *                  {@code cannot-read}); for {@code DUPLICATE} the key of the object or the path of the scan it
 *                  repeats; for {@code REFUSED} the recorder's message key; otherwise null
 * @param since     when it was found
 */
public record ScanIssue(String path, String fondsCode, String fileCode, Kind kind, String detail, Instant since) {

    /** What the clerk reads, in the messages' language: what is wrong and what to do. */
    public String describe(AgentMessages messages) {
        String shown = detail == null ? "" : detail;
        if (kind == Kind.UNREADABLE && detail != null && messages.has("scans.unreadable." + detail)) {
            shown = messages.get("scans.unreadable." + detail);
        }
        String file = fondsCode == null ? "-" : fondsCode + "/" + fileCode;
        return messages.get(kind.messageKey(), path, file, shown);
    }

    /** Why a scan was not digitized. */
    public enum Kind {
        /** Its file is a state secret: never read, copied or published; the clerk must move it to an offline PC. */
        SECRET_REFUSED,
        /** No file with that code is recorded here (yet): it is picked up once the file is recorded. */
        UNKNOWN_FILE,
        /** The file was withdrawn, handed over or destroyed. */
        FILE_NOT_ACTIVE,
        /** The path does not name a fonds and a file under the configured layout. */
        NOT_IN_LAYOUT,
        /** Zero bytes. */
        EMPTY,
        /** Not a PDF, TIFF or JPEG, damaged, password-protected, or not readable by the agent. */
        UNREADABLE,
        /** The same content (SHA-256) is already recorded, or another scan in the folder has it. */
        DUPLICATE,
        /** The recorder refused the objects (see {@code detail}). */
        REFUSED;

        /** The bundle key of its explanation, e.g. {@code scans.issue.secret-refused}. */
        public String messageKey() {
            return "scans.issue." + name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }
}
