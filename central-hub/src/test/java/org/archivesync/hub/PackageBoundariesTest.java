package org.archivesync.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * One owner per table, and no cycle between the hub's packages, read from the main sources (no Spring, no database).
 *
 * <p>{@link #OWNERS} says which package owns each table of the migrations: only the owner writes it (INSERT, UPDATE,
 * DELETE, TRUNCATE, COPY ... FROM), and only the owner and the packages {@link #READERS} lists, each with its reason,
 * name it in a query. Any other package goes through the owner's public entry (the catalogue's is
 * {@code CatalogueReader}) or reacts to its events. SQL is what the main sources hold in string literals and text
 * blocks, and {@code src/main/resources/sql/<package>/*.sql}; keywords are written in capitals in this code base, which
 * is how a query is told from a sentence. The migrations define the tables and belong to no package.
 *
 * <p>The packages' dependencies (imports and fully qualified names in code, not in comments or strings) must form no
 * cycle, so a package can be read, tested and changed from its dependencies up.
 *
 * <p>The same map, in prose, is the "Tables and their owners" section of {@code docs/contracts.md}.
 */
class PackageBoundariesTest {

    private static final Path SOURCES = Path.of("src/main/java");
    private static final Path SQL_RESOURCES = Path.of("src/main/resources/sql");
    private static final Path MIGRATIONS = Path.of("src/main/resources/db/migration");
    private static final String HUB = "org.archivesync.hub.";

    /** Each package and the tables it owns: it alone writes them. */
    private static final Map<String, List<String>> OWNERS = owners(
            "catalogue", List.of("fonds", "fonds_holders", "fonds_reassignments", "storage_locations", "extents",
                    "boxes", "files", "appraisals", "digital_objects", "handovers", "handover_items", "destructions",
                    "tombstones", "refused_events"),
            "ingest", List.of("events", "parked_events", "quarantine", "site_cursors", "site_links",
                    "set_aside_records", "ingest_alert_limits", "consumed_offsets"),
            "search", List.of("file_search", "search_cursors"),
            "sites", List.of("sites", "site_keys", "enrollment_tokens"),
            "lineage", List.of("units", "unit_lineage", "reference_loads"),
            "progress", List.of("campaigns", "campaign_milestones", "campaign_milestone_dates", "progress_activity",
                    "progress_cursors", "progress_extents", "progress_boxes", "progress_box_locations",
                    "progress_handovers"),
            "alerts", List.of("alerts"),
            "outbound", List.of("outbox"),
            "registry", List.of("registry_schemas", "registry_subject_versions", "registry_subject_config",
                    "registry_global_config"),
            "security", List.of("console_users", "audit_log", "sign_in_failures"));

    /** A package that names another's tables in its queries, and why a call of the owner's entry would not do. */
    private record Reader(String pkg, String reason, List<String> tables) {
    }

    private static final List<Reader> READERS = List.of(
            // The catalogue's own queries that reach outside it.
            new Reader("catalogue", "a reassignment takes its place in the log (the newest applied_order) in the "
                    + "statement that records it; ingest depends on the catalogue, not the other way",
                    List.of("events")),
            new Reader("catalogue", "CatalogueReader's file page joins the office's name and the place's name into "
                    + "its one statement", List.of("sites", "units")),
            // Search is built on the catalogue's files: a trigram query must join them in SQL.
            new Reader("search", "searches and indexes files by their title, keywords and appraisal in one "
                    + "statement, and finds the files recorded since the indexer last ran through the event log",
                    List.of("files", "appraisals", "events")),
            // Read models of other features, each one screen of SQL over the catalogue's projections.
            new Reader("custody", "the custody views compare both sides of a handover with the boxes, files, scans "
                    + "and tombstones they list, in one statement per view; a file's history starts on the day the "
                    + "log received its FileRecorded",
                    List.of("handovers", "handover_items", "boxes", "files", "appraisals", "digital_objects",
                            "storage_locations", "tombstones", "events")),
            new Reader("destruction", "the destruction register joins each destruction with its files, their "
                    + "appraisal and tombstones", List.of("destructions", "files", "appraisals", "tombstones")),
            new Reader("exports", "the muc luc and the handover minutes list files with their fonds in one statement "
                    + "per page", List.of("files", "fonds", "handover_items")),
            new Reader("lineage", "what a new unit holds: fonds, boxes, files, extents, locations and handovers of "
                    + "every unit (and its offices) that forms it, as of a date, in one statement",
                    List.of("fonds", "boxes", "files", "extents", "storage_locations", "handovers", "sites")),
            // split by #22 part R1/R3: Progress and ProgressRecorder compute the figures in SQL over the catalogue.
            new Reader("progress", "split by #22 part R1/R3: the progress figures are sums over the catalogue's "
                    + "projections, per office, former district and new commune",
                    List.of("fonds", "boxes", "files", "appraisals", "digital_objects", "extents", "storage_locations",
                            "handovers", "destructions", "events", "sites", "site_cursors", "units", "unit_lineage")),
            // The outbound publisher reads what it sends, as it is when it sends it.
            new Reader("outbound", "the cursor heartbeat re-sends every enrolled office's cursor, in one snapshot "
                    + "that leaves out cursors still in the outbox; a range row names its files through the log's "
                    + "subjects (ingest depends on outbound, so outbound cannot call it)",
                    List.of("sites", "site_keys", "site_cursors", "events")),
            // The catalogue as of a past day is built beside the live one.
            new Reader("asof", "replays the event log for a copy as of a day (ingest depends on asof through "
                    + "outbound and progress, so asof cannot call it) and copies the operators' reassignments, the "
                    + "cursors and the daily activity into the copy",
                    List.of("events", "site_cursors", "fonds_reassignments", "progress_activity")),
            new Reader("sites", "retiring a key locks the office's cursor so that ingest waits (ingest depends on "
                    + "sites)", List.of("site_cursors")),
            new Reader("ingest", "the links page names each enrolled office", List.of("sites")));

    /**
     * Packages that write copies of another package's tables into a schema of their own ({@code %s.table}), never the
     * live table.
     */
    private static final Map<String, List<String>> COPIERS = Map.of(
            "asof", List.of("fonds_reassignments", "site_cursors", "progress_activity"));

    private static final Pattern CREATE_TABLE = Pattern.compile(
            "CREATE\\s+(?:UNLOGGED\\s+)?TABLE\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?([a-z_][a-z0-9_]*)",
            Pattern.CASE_INSENSITIVE);
    /** A name where a query names a table: {@code FROM}, {@code JOIN}, {@code INTO}, ... then an optional schema. */
    private static final Pattern TABLE_REF = Pattern.compile(
            "\\b(FROM|JOIN|USING|INTO|UPDATE|TRUNCATE|COPY|TABLE)\\s+(?:(?:ONLY|LATERAL|TABLE)\\s+)?"
                    + "((?:[a-z_%][a-z0-9_]*\\.)?[a-z_][a-z0-9_]*)(\\s*(?:[a-z_][a-z0-9_]*\\s*)?,)?");
    private static final Pattern NEXT_IN_LIST = Pattern.compile(
            "\\G\\s*((?:[a-z_%][a-z0-9_]*\\.)?[a-z_][a-z0-9_]*)(\\s*(?:[a-z_][a-z0-9_]*\\s*)?,)?");
    private static final Set<String> WRITE_KEYWORDS = Set.of("INTO", "UPDATE", "TRUNCATE", "COPY", "TABLE");
    private static final Pattern DELETE_FROM = Pattern.compile("DELETE\\s+$");
    private static final Pattern COPY_TO = Pattern.compile("^\\s*(?:\\([^)]*\\)\\s*)?TO\\b");
    private static final Pattern PACKAGE = Pattern.compile("^package\\s+([a-z.]+);", Pattern.MULTILINE);
    private static final Pattern HUB_REFERENCE = Pattern.compile("\\borg\\.archivesync\\.hub\\.([a-z]+)\\b");

    /** A table named in SQL by a package's file: written or read, live or in a schema of the package's own. */
    record Access(String table, String pkg, String file, boolean write, boolean copy) {
        @Override
        public String toString() {
            return pkg + " " + (write ? "writes " : "reads ") + (copy ? "a copy of " : "") + table + " (" + file + ")";
        }
    }

    @Test
    void everyTableOfTheMigrationsHasOneOwner() {
        Map<String, String> owner = ownerOfTable();
        assertThat(owner.keySet()).as("tables the migrations create, each owned by exactly one package")
                .containsExactlyInAnyOrderElementsOf(migrationTables());
        assertThat(OWNERS.values().stream().mapToInt(List::size).sum()).as("a table owned twice")
                .isEqualTo(owner.size());
    }

    @Test
    void onlyATablesOwnerWritesIt() {
        Map<String, String> owner = ownerOfTable();
        List<Access> foreign = accesses().stream()
                .filter(a -> a.write() && !a.pkg().equals(owner.get(a.table())))
                .filter(a -> !(a.copy() && COPIERS.getOrDefault(a.pkg(), List.of()).contains(a.table())))
                .toList();
        assertThat(foreign).as("writes of a table by another package than its owner: call the owner's entry").isEmpty();
    }

    @Test
    void onlyTheOwnerAndListedReadersNameATable() {
        Map<String, String> owner = ownerOfTable();
        Map<String, Set<String>> readable = new TreeMap<>();
        READERS.forEach(r -> readable.computeIfAbsent(r.pkg(), p -> new TreeSet<>()).addAll(r.tables()));
        List<Access> foreign = accesses().stream()
                .filter(a -> !a.write() && !a.pkg().equals(owner.get(a.table())))
                .filter(a -> !readable.getOrDefault(a.pkg(), Set.of()).contains(a.table()))
                .toList();
        assertThat(foreign).as("reads of a table by a package its owner does not list: use the owner's reader, or "
                + "list the package in READERS with a reason").isEmpty();
    }

    @Test
    void everyListedReaderStillReadsWhatItIsListedFor() {
        Set<String> read = new TreeSet<>();
        accesses().forEach(a -> read.add(a.pkg() + " " + a.table()));
        List<String> stale = READERS.stream().flatMap(r -> r.tables().stream().map(t -> r.pkg() + " " + t))
                .filter(pt -> !read.contains(pt)).toList();
        assertThat(stale).as("readers listed for a table they no longer name: remove them from READERS").isEmpty();
    }

    @Test
    void theScanSeesWritesReadsAndCopies() {
        List<Access> found = sqlAccesses("""
                INSERT INTO outbox (kind) SELECT 'X' FROM events e, boxes b, fonds JOIN files f ON true
                UPDATE site_cursors c SET last_sequence = 1 FROM unnest(:a::text[]) AS u(s)
                DELETE FROM alerts a USING sites s
                TRUNCATE fonds, storage_locations
                COPY files FROM STDIN
                COPY (SELECT * FROM units) TO STDOUT
                INSERT INTO %s.progress_activity SELECT * FROM public.progress_activity
                ON CONFLICT (site_code) DO UPDATE SET last_sequence = 1
                SELECT extract(year FROM now()), 'the file was moved from files' FROM LATERAL unnest(:x) AS y""",
                "p", "F.java", Set.of("outbox", "events", "files", "boxes", "fonds", "site_cursors", "alerts", "sites",
                        "storage_locations", "units", "progress_activity", "now", "unnest"));
        assertThat(found).extracting(Access::toString).containsExactly(
                "p writes outbox (F.java)", "p reads events (F.java)", "p reads boxes (F.java)",
                "p reads fonds (F.java)", "p reads files (F.java)", "p writes site_cursors (F.java)",
                "p writes alerts (F.java)", "p reads sites (F.java)", "p writes fonds (F.java)",
                "p writes storage_locations (F.java)", "p writes files (F.java)", "p reads units (F.java)",
                "p writes a copy of progress_activity (F.java)", "p reads progress_activity (F.java)");
    }

    @Test
    void theHubsPackagesFormNoCycle() {
        Map<String, Set<String>> graph = dependencies();
        assertThat(graph).as("the scan found the packages").containsKeys("catalogue", "ingest", "outbound", "alerts");
        assertThat(cycles(graph)).as("package cycles (a -> b -> ... -> a)").isEmpty();
    }

    @Test
    void theCycleCheckFindsACycle() {
        Map<String, Set<String>> graph = Map.of("a", Set.of("b"), "b", Set.of("c"), "c", Set.of("a", "d"),
                "d", Set.of());
        assertThat(cycles(graph)).containsExactly("a -> b -> c -> a");
    }

    // ---------------------------------------------------------------------------------------------------------------

    private static Map<String, List<String>> owners(Object... pairs) {
        Map<String, List<String>> owners = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            @SuppressWarnings("unchecked")
            List<String> tables = (List<String>) pairs[i + 1];
            owners.put((String) pairs[i], tables);
        }
        return owners;
    }

    private static Map<String, String> ownerOfTable() {
        Map<String, String> owner = new TreeMap<>();
        OWNERS.forEach((pkg, tables) -> tables.forEach(t -> owner.put(t, pkg)));
        return owner;
    }

    private static Set<String> migrationTables() {
        Set<String> tables = new TreeSet<>();
        for (Path p : files(MIGRATIONS, ".sql")) {
            Matcher m = CREATE_TABLE.matcher(read(p));
            while (m.find()) {
                tables.add(m.group(1).toLowerCase());
            }
        }
        return tables;
    }

    /** Every table of the migrations named by the main sources' SQL. */
    private static List<Access> accesses() {
        Set<String> tables = migrationTables();
        List<Access> accesses = new ArrayList<>();
        for (Path p : files(SOURCES, ".java")) {
            JavaSource source = JavaSource.of(read(p));
            for (String literal : source.literals()) {
                accesses.addAll(sqlAccesses(literal, source.hubPackage(), p.getFileName().toString(), tables));
            }
        }
        if (Files.isDirectory(SQL_RESOURCES)) {
            for (Path p : files(SQL_RESOURCES, ".sql")) {
                String pkg = SQL_RESOURCES.relativize(p).getName(0).toString();
                accesses.addAll(sqlAccesses(stripSqlComments(read(p)), pkg, p.getFileName().toString(), tables));
            }
        }
        return accesses;
    }

    static List<Access> sqlAccesses(String sql, String pkg, String file, Set<String> tables) {
        String text = stripSqlComments(sql);
        List<Access> found = new ArrayList<>();
        Matcher m = TABLE_REF.matcher(text);
        int from = 0;
        while (from < text.length() && m.find(from)) {
            String keyword = m.group(1);
            String after = text.substring(m.end(2));
            boolean write = WRITE_KEYWORDS.contains(keyword)
                    || keyword.equals("FROM") && DELETE_FROM.matcher(text.substring(0, m.start(1))).find();
            if (keyword.equals("COPY") && COPY_TO.matcher(after).find()) {
                write = false;
            }
            // FROM unnest(...), JOIN LATERAL f(...): a function; INTO t (columns): a table.
            boolean function = !WRITE_KEYWORDS.contains(keyword) && after.stripLeading().startsWith("(");
            if (!function) {
                add(found, m.group(2), pkg, file, write, tables);
            }
            int end = m.end();
            boolean more = m.group(3) != null;
            Matcher next = NEXT_IN_LIST.matcher(text);
            // FROM a x, b y / TRUNCATE a, b: the rest of the list.
            while (more && next.find(end)) {
                String rest = text.substring(next.end(1));
                if (!rest.stripLeading().startsWith("(")) {
                    add(found, next.group(1), pkg, file, keyword.equals("TRUNCATE"), tables);
                }
                end = next.end();
                more = next.group(2) != null;
            }
            from = Math.max(end, m.end(2));
        }
        return found;
    }

    private static void add(List<Access> found, String name, String pkg, String file, boolean write,
                            Set<String> tables) {
        int dot = name.indexOf('.');
        String schema = dot < 0 ? null : name.substring(0, dot);
        String table = name.substring(dot + 1);
        if (tables.contains(table)) {
            found.add(new Access(table, pkg, file, write, schema != null && !schema.equals("public")));
        }
    }

    private static String stripSqlComments(String sql) {
        return sql.replaceAll("--[^\n]*", "");
    }

    /** Per package of the hub, the packages its code depends on. */
    private static Map<String, Set<String>> dependencies() {
        Map<String, Set<String>> graph = new TreeMap<>();
        for (Path p : files(SOURCES, ".java")) {
            JavaSource source = JavaSource.of(read(p));
            String pkg = source.hubPackage();
            if (pkg.isEmpty()) {
                continue;
            }
            Set<String> uses = graph.computeIfAbsent(pkg, k -> new TreeSet<>());
            Matcher m = HUB_REFERENCE.matcher(PACKAGE.matcher(source.code()).replaceFirst(""));
            while (m.find()) {
                uses.add(m.group(1));
            }
            uses.remove(pkg);
        }
        return graph;
    }

    /** Each cycle once, from its smallest package, found by a depth-first search. */
    static List<String> cycles(Map<String, Set<String>> graph) {
        Set<String> cycles = new TreeSet<>();
        for (String start : new TreeSet<>(graph.keySet())) {
            Deque<List<String>> paths = new ArrayDeque<>();
            paths.push(List.of(start));
            while (!paths.isEmpty()) {
                List<String> path = paths.pop();
                for (String next : graph.getOrDefault(path.get(path.size() - 1), Set.of())) {
                    if (next.equals(start)) {
                        cycles.add(String.join(" -> ", path) + " -> " + start);
                    } else if (next.compareTo(start) > 0 && !path.contains(next)) {
                        List<String> longer = new ArrayList<>(path);
                        longer.add(next);
                        paths.push(longer);
                    }
                }
            }
        }
        return List.copyOf(cycles);
    }

    /** A Java file split into its code (without comments and literals) and its string literals and text blocks. */
    record JavaSource(String code, List<String> literals) {

        static JavaSource of(String text) {
            StringBuilder code = new StringBuilder(text.length());
            List<String> literals = new ArrayList<>();
            int i = 0;
            int n = text.length();
            while (i < n) {
                char c = text.charAt(i);
                if (text.startsWith("//", i)) {
                    i = until(text, "\n", i + 2);
                } else if (text.startsWith("/*", i)) {
                    i = until(text, "*/", i + 2) + 2;
                } else if (text.startsWith("\"\"\"", i)) {
                    int end = closing(text, "\"\"\"", i + 3);
                    literals.add(text.substring(i + 3, end));
                    code.append("\"\"");
                    i = end + 3;
                } else if (c == '"' || c == '\'') {
                    int end = closing(text, String.valueOf(c), i + 1);
                    if (c == '"') {
                        literals.add(text.substring(i + 1, end));
                    }
                    code.append(c).append(c);
                    i = end + 1;
                } else {
                    code.append(c);
                    i++;
                }
            }
            return new JavaSource(code.toString(), literals);
        }

        /** The package below {@code org.archivesync.hub} ("" for the hub's own). */
        String hubPackage() {
            Matcher m = PACKAGE.matcher(code);
            if (!m.find()) {
                return "";
            }
            String name = m.group(1) + ".";
            return name.startsWith(HUB) && name.length() > HUB.length()
                    ? name.substring(HUB.length(), name.indexOf('.', HUB.length())) : "";
        }

        private static int until(String text, String end, int from) {
            int at = text.indexOf(end, from);
            return at < 0 ? text.length() : at;
        }

        /** The index of the unescaped {@code quote} that closes a literal begun before {@code from}. */
        private static int closing(String text, String quote, int from) {
            int i = from;
            while (i < text.length()) {
                if (text.charAt(i) == '\\') {
                    i += 2;
                } else if (text.startsWith(quote, i)) {
                    return i;
                } else {
                    i++;
                }
            }
            throw new IllegalStateException("unclosed literal");
        }
    }

    private static List<Path> files(Path root, String suffix) {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> p.toString().endsWith(suffix)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
