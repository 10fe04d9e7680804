package org.archivesync.avro;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaNormalization;

/**
 * The released versions of each top-level schema (the value of a topic, hence a registry subject), kept as
 * {@code src/test/resources/schema-history/<SchemaName>/v<N>.avsc}, each the full self-contained JSON of that version,
 * and the guard that holds the current schemas to them under {@code BACKWARD_TRANSITIVE}: the newest schema must
 * read data written by every earlier one, as the registry will demand of the subject.
 *
 * <p>When a schema changes, run {@link #main} (from the repository root:
 * {@code ./mvnw -pl schemas test-compile exec:java -Dexec.mainClass=org.archivesync.avro.SchemaHistory
 * -Dexec.classpathScope=test -Dexec.args=schemas/src/test/resources/schema-history}, or from an IDE with the module
 * as working directory). It appends the current schema as the next version only if the guard finds it compatible, and
 * never rewrites a version: released versions are facts about data already on the topics.
 */
final class SchemaHistory {

    /** Where the history lives in the source tree, relative to the schemas module. */
    static final String SOURCE_DIR = "src/test/resources/schema-history";
    /** The schemas written to topics, one registry subject each. */
    static final List<Schema> TOP_LEVEL = List.of(SiteEvent.getClassSchema(), SiteCursor.getClassSchema(),
            CatalogueFile.getClassSchema(), SiteProgress.getClassSchema());

    private static final Pattern VERSION_FILE = Pattern.compile("v(\\d+)\\.avsc");

    private SchemaHistory() {
    }

    /** The versions of {@code name} under {@code root}, oldest first; empty when there is no history. */
    static List<Schema> versions(Path root, String name) {
        Path dir = root.resolve(name);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> sorted = files.filter(f -> VERSION_FILE.matcher(f.getFileName().toString()).matches())
                    .sorted(Comparator.comparingInt(SchemaHistory::versionNumber))
                    .toList();
            for (int i = 0; i < sorted.size(); i++) {
                if (versionNumber(sorted.get(i)) != i + 1) {
                    throw new IllegalStateException(dir + " must hold v1.avsc .. v" + sorted.size() + ".avsc without gaps");
                }
            }
            List<Schema> out = new ArrayList<>();
            for (Path f : sorted) {
                out.add(new Schema.Parser().parse(Files.readString(f, StandardCharsets.UTF_8)));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Where the next version of {@code name} goes, for messages and for {@link #main}. */
    static String nextVersionPath(String name, List<Schema> history) {
        return SOURCE_DIR + "/" + name + "/v" + (history.size() + 1) + ".avsc";
    }

    /** Why some history version cannot read an earlier one; empty when the history is backward transitive. */
    static List<String> historyProblems(String name, List<Schema> history) {
        List<String> problems = new ArrayList<>();
        for (int reader = 1; reader < history.size(); reader++) {
            for (int writer = 0; writer < reader; writer++) {
                problems.addAll(incompatibilities(history.get(reader), history.get(writer),
                        name + " v" + (reader + 1) + " cannot read data written with v" + (writer + 1)));
            }
        }
        return problems;
    }

    /** Why {@code current} cannot read data written with some history version; empty when it reads them all. */
    static List<String> readProblems(String name, Schema current, List<Schema> history) {
        List<String> problems = new ArrayList<>();
        for (int writer = 0; writer < history.size(); writer++) {
            problems.addAll(incompatibilities(current, history.get(writer),
                    "current " + name + " cannot read data written with v" + (writer + 1)));
        }
        return problems;
    }

    /**
     * Empty when {@code current} is the newest history version, else the instruction to record it. Both the Parsing
     * Canonical Form and Avro's structural equality must match: the canonical form alone drops defaults and logical
     * types, and a changed default changes what readers of old data get.
     */
    static List<String> newestProblems(String name, Schema current, List<Schema> history) {
        if (history.isEmpty()) {
            return List.of(name + " has no history: add the current schema as " + nextVersionPath(name, history)
                    + " (run org.archivesync.avro.SchemaHistory)");
        }
        Schema newest = history.get(history.size() - 1);
        boolean same = SchemaNormalization.toParsingForm(current).equals(SchemaNormalization.toParsingForm(newest))
                && current.equals(newest);
        if (same) {
            return List.of();
        }
        return List.of(name + " changed since v" + history.size() + ": once it is compatible, add the current schema as "
                + nextVersionPath(name, history) + " (run org.archivesync.avro.SchemaHistory) and commit it with the change");
    }

    private static List<String> incompatibilities(Schema reader, Schema writer, String what) {
        SchemaCompatibility.SchemaCompatibilityResult result =
                SchemaCompatibility.checkReaderWriterCompatibility(reader, writer).getResult();
        return result.getIncompatibilities().stream()
                .map(i -> what + ": " + i.getType() + " at " + i.getLocation() + " (" + i.getMessage() + ")")
                .toList();
    }

    private static int versionNumber(Path file) {
        Matcher m = VERSION_FILE.matcher(file.getFileName().toString());
        if (!m.matches()) {
            throw new IllegalArgumentException(file.toString());
        }
        return Integer.parseInt(m.group(1));
    }

    /** Appends each changed, compatible top-level schema as its next version. */
    public static void main(String[] args) throws IOException {
        Path root = Path.of(args.length > 0 ? args[0] : SOURCE_DIR);
        boolean refused = false;
        for (Schema current : TOP_LEVEL) {
            String name = current.getName();
            List<Schema> history = versions(root, name);
            if (newestProblems(name, current, history).isEmpty()) {
                System.out.println("schema unchanged name=" + name + " version=" + history.size());
                continue;
            }
            List<String> problems = readProblems(name, current, history);
            if (!problems.isEmpty()) {
                refused = true;
                problems.forEach(p -> System.out.println("schema incompatible name=" + name + " problem=" + p));
                continue;
            }
            Path file = root.resolve(name).resolve("v" + (history.size() + 1) + ".avsc");
            Files.createDirectories(file.getParent());
            Files.writeString(file, current.toString(true) + "\n", StandardCharsets.UTF_8);
            System.out.println("schema recorded name=" + name + " file=" + file);
        }
        if (refused) {
            System.exit(1);
        }
    }
}
