package org.archivesync.agent.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Searches raw bytes (a SQLite file and its -wal/-shm, a topic's values) for text, as UTF-8 and as UTF-16. */
public final class RawBytes {

    private RawBytes() {
    }

    /** The SQLite file and its WAL and shared-memory files, those that exist. */
    public static List<Path> sqliteFiles(Path db) {
        List<Path> files = new ArrayList<>();
        for (String suffix : List.of("", "-wal", "-shm", "-journal")) {
            Path p = db.resolveSibling(db.getFileName() + suffix);
            if (Files.exists(p)) {
                files.add(p);
            }
        }
        return files;
    }

    public static byte[] read(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static boolean contains(byte[] haystack, String text) {
        return indexOf(haystack, text.getBytes(StandardCharsets.UTF_8)) >= 0
                || indexOf(haystack, text.getBytes(StandardCharsets.UTF_16LE)) >= 0
                || indexOf(haystack, text.getBytes(StandardCharsets.UTF_16BE)) >= 0;
    }

    static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
