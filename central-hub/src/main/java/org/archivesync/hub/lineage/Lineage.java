package org.archivesync.hub.lineage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.archivesync.hub.api.NotFoundException;
import org.archivesync.hub.api.Page;
import org.archivesync.hub.api.Paging;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionOperations;

/**
 * Administrative units, the lineage of the 2025 merger, and what the units that now form a unit hold.
 *
 * <p>Loading is idempotent: loading the same data twice changes nothing the second time; the shipped files load once
 * per version (their SHA-256 is recorded in {@code reference_loads}). A dry run does everything in a transaction that
 * is rolled back, so its counts are exactly those of the real run.
 *
 * <p>A unit is named either by its key ({@code 32155@2025-07-01}) or by its official code ({@code 32155}) and a date:
 * the unit with that code valid on the date, or, when none was, every unit that ever had the code (see
 * {@code archive_unit_ref} in V10). Arguments are never null unless said; results are never null.
 */
public final class Lineage {

    private static final Logger log = LoggerFactory.getLogger(Lineage.class);

    /** The shipped files, in load order: districts before the communes that name them, units before lineage. */
    static final List<String[]> BUNDLE = List.of(new String[] {"UNITS", "reference/ca-mau-districts.csv"},
            new String[] {"UNITS", "reference/ca-mau-unit-codes.csv"},
            new String[] {"LINEAGE", "reference/ca-mau-units.csv"},
            new String[] {"LINEAGE", "reference/ca-mau-province-lineage.csv"});

    private static final String UNIT_COLUMNS = " u.unit_code, u.official_code, u.name, u.level, u.unit_type,"
            + " u.parent_unit_code, u.valid_from, u.valid_to, u.source ";

    private static final String RESOLVE = "SELECT " + UNIT_COLUMNS + """
             FROM archive_unit_ref(:ref, :on) r(unit_code) JOIN units u USING (unit_code) ORDER BY u.unit_code""";

    private static final String UNITS = "SELECT " + UNIT_COLUMNS + """
             FROM units u
            WHERE (:level::text IS NULL OR u.level = :level)
              AND (:on::date IS NULL OR ((u.valid_from IS NULL OR u.valid_from <= :on) AND (u.valid_to IS NULL OR u.valid_to >= :on)))
              AND (:name::text IS NULL OR archive_fold(u.name) LIKE '%' || archive_fold(:name) || '%')
            ORDER BY u.official_code, u.valid_from NULLS FIRST
            LIMIT :limit OFFSET :offset""";
    private static final String COUNT_UNITS = """
            SELECT count(*) FROM units u
            WHERE (:level::text IS NULL OR u.level = :level)
              AND (:on::date IS NULL OR ((u.valid_from IS NULL OR u.valid_from <= :on) AND (u.valid_to IS NULL OR u.valid_to >= :on)))
              AND (:name::text IS NULL OR archive_fold(u.name) LIKE '%' || archive_fold(:name) || '%')""";

    // Walks the lineage back (predecessors) or forward (successors) from a unit, only through rows in effect on :on.
    // Coverage along a chain is PART as soon as one step is; cycles (a correction gone wrong) stop at the first repeat.
    private static final String WALK = """
            WITH RECURSIVE walk(unit_code, coverage, effective_on, legal_basis, derived, depth, path) AS (
                SELECT CASE WHEN :back THEN l.old_unit_code ELSE l.new_unit_code END, l.coverage, l.effective_on,
                    l.legal_basis, l.derived, 1,
                    ARRAY[:unit::text, CASE WHEN :back THEN l.old_unit_code ELSE l.new_unit_code END]
                FROM unit_lineage l
                WHERE (CASE WHEN :back THEN l.new_unit_code ELSE l.old_unit_code END) = :unit AND l.effective_on <= :on
                UNION ALL
                SELECT CASE WHEN :back THEN l.old_unit_code ELSE l.new_unit_code END,
                    CASE WHEN w.coverage = 'PART' OR l.coverage = 'PART' THEN 'PART' ELSE 'WHOLE' END, l.effective_on,
                    l.legal_basis, w.derived OR l.derived, w.depth + 1,
                    w.path || CASE WHEN :back THEN l.old_unit_code ELSE l.new_unit_code END
                FROM walk w JOIN unit_lineage l
                  ON (CASE WHEN :back THEN l.new_unit_code ELSE l.old_unit_code END) = w.unit_code AND l.effective_on <= :on
                WHERE NOT (CASE WHEN :back THEN l.old_unit_code ELSE l.new_unit_code END) = ANY (w.path)
                  AND w.depth < 16),
            best AS (SELECT DISTINCT ON (unit_code) * FROM walk ORDER BY unit_code, depth, coverage DESC)
            SELECT """ + UNIT_COLUMNS + """
                , b.coverage, b.effective_on, b.legal_basis, b.derived, b.depth
            FROM best b JOIN units u USING (unit_code)
            ORDER BY b.depth, b.derived, u.level, u.name""";

    // The unit and every predecessor in effect on :on, then what they created (fonds by creating unit, resolved as of
    // the fonds' own dates) and what they hold (the fonds, boxes and files of sites whose unit resolves into the set
    // as of :on; files received by one of them).
    private static final String FORMING = """
            WITH RECURSIVE walk(unit_code, depth, path) AS (
                SELECT l.old_unit_code, 1, ARRAY[:unit::text, l.old_unit_code] FROM unit_lineage l
                WHERE l.new_unit_code = :unit AND l.effective_on <= :on
                UNION ALL
                SELECT l.old_unit_code, w.depth + 1, w.path || l.old_unit_code
                FROM walk w JOIN unit_lineage l ON l.new_unit_code = w.unit_code AND l.effective_on <= :on
                WHERE NOT l.old_unit_code = ANY (w.path) AND w.depth < 16),
            forming AS (SELECT :unit::text AS unit_code UNION SELECT unit_code FROM walk),
            codes AS (SELECT u.official_code AS code FROM units u JOIN forming USING (unit_code)
                      UNION SELECT unit_code FROM forming),
            created AS (
                SELECT f.fonds_code, min(r.unit_code) AS via FROM fonds f
                CROSS JOIN LATERAL archive_unit_ref(f.creating_unit_code, coalesce(f.end_date, f.start_date)) r(unit_code)
                WHERE f.creating_unit_code IN (SELECT code FROM codes) AND r.unit_code IN (SELECT unit_code FROM forming)
                GROUP BY f.fonds_code),
            holders AS (
                SELECT s.site_code, min(r.unit_code) AS via FROM sites s
                CROSS JOIN LATERAL archive_unit_ref(s.unit_code, :on) r(unit_code)
                WHERE s.unit_code IN (SELECT code FROM codes) AND r.unit_code IN (SELECT unit_code FROM forming)
                GROUP BY s.site_code),
            receivers AS (
                SELECT DISTINCT f.holding_unit_code AS code FROM files f
                CROSS JOIN LATERAL archive_unit_ref(f.holding_unit_code, :on) r(unit_code)
                WHERE f.holding_unit_code IN (SELECT code FROM codes) AND r.unit_code IN (SELECT unit_code FROM forming))
            """;

    private static final String FONDS = FORMING + """
            , found AS (
                SELECT fonds_code, 'CREATED_BY' AS relation, via FROM created
                UNION ALL
                SELECT f.fonds_code, 'HELD_BY', h.via FROM fonds f JOIN holders h USING (site_code)
                WHERE f.fonds_code NOT IN (SELECT fonds_code FROM created))
            SELECT f.fonds_code, f.name, f.creating_body, f.creating_unit_code, f.site_code, s.name AS site_name,
                x.relation, x.via, f.start_date, f.end_date, f.closed,
                (SELECT count(*) FROM boxes b WHERE b.fonds_code = f.fonds_code) AS boxes,
                (SELECT coalesce(sum(b.metres), 0) FROM boxes b WHERE b.fonds_code = f.fonds_code) AS box_metres,
                -- A fonds' reported totals: its per-location rows when it has any, else its whole-fonds row.
                (SELECT coalesce(sum(e.sorted_metres + e.unsorted_metres), 0) FROM extents e
                 WHERE e.fonds_code = f.fonds_code AND (e.location_code IS NOT NULL OR NOT EXISTS (
                     SELECT 1 FROM extents l WHERE l.site_code = e.site_code AND l.fonds_code = e.fonds_code
                       AND l.location_code IS NOT NULL))) AS extent_metres,
                count(*) OVER () AS total
            FROM found x JOIN fonds f USING (fonds_code) LEFT JOIN sites s ON s.site_code = f.site_code
            ORDER BY f.fonds_code LIMIT :limit OFFSET :offset""";

    private static final String BOXES = FORMING + """
            SELECT b.site_code, b.box_code, b.fonds_code, b.metres, b.state, b.seal_number, b.location_code,
                l.name AS location_name, l.address, b.custody_state, b.handover_id, h.receiving_unit_code,
                h.receiver_site_code, count(*) OVER () AS total
            FROM boxes b
            LEFT JOIN storage_locations l ON l.site_code = b.site_code AND l.location_code = b.location_code
            LEFT JOIN handovers h ON h.handover_id = b.handover_id
            WHERE b.fonds_code IN (SELECT fonds_code FROM created) OR b.site_code IN (SELECT site_code FROM holders)
            ORDER BY b.site_code, b.fonds_code, b.box_code LIMIT :limit OFFSET :offset""";

    private static final String FILES = FORMING + """
            SELECT f.fonds_code, f.file_code, f.site_code, CASE WHEN f.access_regime = 'STATE_SECRET' THEN NULL
                ELSE f.title END AS title, f.access_regime, f.box_code, b.location_code, l.name AS location_name,
                f.custody_state, f.holding_unit_code, h.receiver_site_code, count(*) OVER () AS total
            FROM files f
            LEFT JOIN boxes b ON b.fonds_code = f.fonds_code AND b.box_code = f.box_code
            LEFT JOIN storage_locations l ON l.site_code = b.site_code AND l.location_code = b.location_code
            LEFT JOIN handovers h ON h.handover_id = f.handover_id
            WHERE (f.fonds_code IN (SELECT fonds_code FROM created) OR f.site_code IN (SELECT site_code FROM holders)
                   OR f.holding_unit_code IN (SELECT code FROM receivers))
              AND f.custody_state <> 'WITHDRAWN'
            ORDER BY f.fonds_code, f.file_code LIMIT :limit OFFSET :offset""";

    private final JdbcClient jdbc;
    private final TransactionOperations transactions;
    private final ReferenceLoader loader;
    private final Clock clock;

    Lineage(JdbcClient jdbc, TransactionOperations transactions, LocalDate defaultEffectiveOn, Clock clock) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.loader = new ReferenceLoader(jdbc, defaultEffectiveOn);
        this.clock = clock;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Loading

    /**
     * Loads the shipped reference files unless this version of them was loaded before.
     *
     * @return the report, or empty when this version was loaded already
     */
    public Optional<ReferenceLoadReport> loadBundled() {
        List<String> texts = new ArrayList<>();
        MessageDigest digest = sha256();
        for (String[] file : BUNDLE) {
            String text = resource(file[1]);
            texts.add(text);
            digest.update(file[1].getBytes(StandardCharsets.UTF_8));
            digest.update(text.getBytes(StandardCharsets.UTF_8));
        }
        String checksum = HexFormat.of().formatHex(digest.digest());
        return transactions.execute(tx -> {
            loader.lock();
            boolean loaded = jdbc.sql("SELECT count(*) FROM reference_loads WHERE origin = 'BUNDLED' AND checksum = :c")
                    .param("c", checksum).query(Long.class).single() > 0;
            if (loaded) {
                return Optional.empty();
            }
            int read = 0;
            int rejected = 0;
            int units = 0;
            int lineage = 0;
            List<RowError> errors = new ArrayList<>();
            for (int i = 0; i < BUNDLE.size(); i++) {
                CsvTable csv = CsvTable.parse(texts.get(i));
                ReferenceLoader.Counts c = "UNITS".equals(BUNDLE.get(i)[0]) ? loader.loadUnits(csv) : loader.loadLineage(csv);
                read += c.read();
                rejected += c.rejected();
                units += c.units();
                lineage += c.lineage();
                for (RowError e : c.errors()) {
                    log.warn("bundled reference row refused file={} row={} column={} reason={}", BUNDLE.get(i)[1], e.row(),
                            e.column(), e.reason());
                }
                errors.addAll(c.errors());
            }
            units += loader.settleValidity();
            ReferenceLoader.Counts total = new ReferenceLoader.Counts(read, rejected, units, lineage, errors);
            loader.recordLoad("BUNDLED", "BUNDLE", checksum, "hub", total, clock.instant());
            log.info("reference data loaded checksum={} rows={} rejected={} unitsChanged={} lineageChanged={}",
                    checksum.substring(0, 12), read, rejected, units, lineage);
            return Optional.of(new ReferenceLoadReport("BUNDLE", false, checksum, read, rejected, units, lineage, errors));
        });
    }

    /**
     * Loads units from a CSV in the format of {@code reference/ca-mau-unit-codes.csv} (header {@code unit_name,
     * unit_type, code, valid_from, source}, optionally {@code parent_code, valid_to}). Valid rows are applied (unless
     * {@code dryRun}); every refused value is reported.
     *
     * @param operator who loads it, for the record
     */
    public ReferenceLoadReport loadUnits(String csv, boolean dryRun, String operator) {
        return load("UNITS", csv, dryRun, operator);
    }

    /**
     * Loads lineage from a CSV in the format of {@code reference/ca-mau-units.csv} (header {@code new_unit_name,
     * new_unit_type, old_units, old_district, source_resolution}, optionally {@code effective_on, new_unit_code}). A
     * record replaces the predecessors its new unit had for that effective date.
     */
    public ReferenceLoadReport loadLineage(String csv, boolean dryRun, String operator) {
        return load("LINEAGE", csv, dryRun, operator);
    }

    private ReferenceLoadReport load(String kind, String text, boolean dryRun, String operator) {
        String checksum = HexFormat.of().formatHex(sha256().digest(text.getBytes(StandardCharsets.UTF_8)));
        CsvTable csv = CsvTable.parse(text);
        ReferenceLoadReport report = transactions.execute(tx -> {
            loader.lock();
            ReferenceLoader.Counts c = "UNITS".equals(kind) ? loader.loadUnits(csv) : loader.loadLineage(csv);
            int settled = loader.settleValidity();
            ReferenceLoader.Counts counts = new ReferenceLoader.Counts(c.read(), c.rejected(), c.units() + settled,
                    c.lineage(), c.errors());
            if (dryRun) {
                tx.setRollbackOnly();
            } else {
                loader.recordLoad("UPLOAD", kind, checksum, operator, counts, clock.instant());
            }
            return new ReferenceLoadReport(kind, dryRun, checksum, counts.read(), counts.rejected(), counts.units(),
                    counts.lineage(), counts.errors());
        });
        log.info("reference upload kind={} dryRun={} operator={} rows={} rejected={} unitsChanged={} lineageChanged={}",
                kind, dryRun, operator, report.rowsRead(), report.rowsRejected(), report.unitsChanged(),
                report.lineageChanged());
        return report;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Units and lineage

    /**
     * The units a reference names on a date: by key, or by official code as of {@code on}.
     *
     * @param on may be null: then every unit that ever had the code
     */
    public List<Unit> resolve(String ref, LocalDate on) {
        return jdbc.sql(RESOLVE).param("ref", ref).param("on", on).query(Lineage::unit).list();
    }

    /**
     * The one unit a reference names on a date.
     *
     * @throws NotFoundException when none
     * @throws AmbiguousUnitException when the code names several units (give the key)
     */
    public Unit unit(String ref, LocalDate on) {
        List<Unit> units = resolve(ref, on);
        if (units.isEmpty()) {
            throw new NotFoundException("unit", ref);
        }
        if (units.size() > 1) {
            throw new AmbiguousUnitException(ref, units.stream().map(Unit::unitCode).toList());
        }
        return units.get(0);
    }

    /**
     * Units, filtered.
     *
     * @param level PROVINCE, DISTRICT, COMMUNE, WARD or TOWNSHIP; null for all
     * @param on only units valid on this day; null for all
     * @param name part of the name, diacritics ignored; null for all
     */
    public Page<Unit> units(String level, LocalDate on, String name, int page, int size) {
        long total = jdbc.sql(COUNT_UNITS).param("level", level).param("on", on).param("name", name)
                .query(Long.class).single();
        List<Unit> items = jdbc.sql(UNITS).param("level", level).param("on", on).param("name", name).param("limit", size)
                .param("offset", Paging.offset(page, size)).query(Lineage::unit).list();
        return Page.of(items, page, size, total);
    }

    /** The unit's predecessors (transitively) through lineage in effect on {@code on}, nearest first. */
    public List<LineageLink> predecessors(String unitCode, LocalDate on) {
        return walk(unitCode, on, true);
    }

    /** The unit's successors (transitively) through lineage in effect on {@code on}, nearest first. */
    public List<LineageLink> successors(String unitCode, LocalDate on) {
        return walk(unitCode, on, false);
    }

    private List<LineageLink> walk(String unitCode, LocalDate on, boolean back) {
        return jdbc.sql(WALK).param("unit", unitCode).param("on", on).param("back", back)
                .query((rs, n) -> new LineageLink(unit(rs, n), rs.getString("coverage"),
                        rs.getObject("effective_on", LocalDate.class), rs.getString("legal_basis"),
                        rs.getBoolean("derived"), rs.getInt("depth")))
                .list();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Holdings

    /**
     * A fonds created or held by a unit that forms the unit asked about.
     *
     * @param relation CREATED_BY (its creating unit is one of them) or HELD_BY (a site of one of them holds it)
     * @param via the unit key through which it was found
     * @param boxMetres metres in its recorded boxes
     * @param extentMetres sorted plus unsorted metres its sites reported
     */
    public record FondsHolding(String fondsCode, String name, String creatingBody, String creatingUnitCode,
                               String siteCode, String siteName, String relation, String via, LocalDate startDate,
                               LocalDate endDate, boolean closed, long boxes, BigDecimal boxMetres,
                               BigDecimal extentMetres) {
    }

    /** A box of such a fonds or site, where it is and who has it. */
    public record BoxHolding(String siteCode, String boxCode, String fondsCode, BigDecimal metres, String state,
                             String sealNumber, String locationCode, String locationName, String address,
                             String custodyState, UUID handoverId, String receivingUnitCode, String receiverSiteCode) {
    }

    /** A file of such a fonds or site, or received by such a unit; a state-secret file's title is always null. */
    public record FileHolding(String fondsCode, String fileCode, String siteCode, String title, String accessRegime,
                              String boxCode, String locationCode, String locationName, String custodyState,
                              String holdingUnitCode, String receiverSiteCode) {
    }

    /** Fonds created or held by the unit or any unit that forms it, as of {@code on}. */
    public Page<FondsHolding> fonds(String unitCode, LocalDate on, int page, int size) {
        return paged(FONDS, unitCode, on, page, size, rs -> new FondsHolding(rs.getString("fonds_code"),
                rs.getString("name"), rs.getString("creating_body"), rs.getString("creating_unit_code"),
                rs.getString("site_code"), rs.getString("site_name"), rs.getString("relation"), rs.getString("via"),
                rs.getObject("start_date", LocalDate.class), rs.getObject("end_date", LocalDate.class),
                rs.getBoolean("closed"), rs.getLong("boxes"), rs.getBigDecimal("box_metres"),
                rs.getBigDecimal("extent_metres")));
    }

    /** Boxes of those fonds, or at those units' sites, with their location and custody. */
    public Page<BoxHolding> boxes(String unitCode, LocalDate on, int page, int size) {
        return paged(BOXES, unitCode, on, page, size, rs -> new BoxHolding(rs.getString("site_code"),
                rs.getString("box_code"), rs.getString("fonds_code"), rs.getBigDecimal("metres"), rs.getString("state"),
                rs.getString("seal_number"), rs.getString("location_code"), rs.getString("location_name"),
                rs.getString("address"), rs.getString("custody_state"), rs.getObject("handover_id", UUID.class),
                rs.getString("receiving_unit_code"), rs.getString("receiver_site_code")));
    }

    /** Files of those fonds or sites, or received by those units (withdrawn ones left out), with their location. */
    public Page<FileHolding> files(String unitCode, LocalDate on, int page, int size) {
        return paged(FILES, unitCode, on, page, size, rs -> new FileHolding(rs.getString("fonds_code"),
                rs.getString("file_code"), rs.getString("site_code"), rs.getString("title"), rs.getString("access_regime"),
                rs.getString("box_code"), rs.getString("location_code"), rs.getString("location_name"),
                rs.getString("custody_state"), rs.getString("holding_unit_code"), rs.getString("receiver_site_code")));
    }

    /**
     * What a unit and the units that form it stand for in the catalogue, as of a date: the fonds they created, the
     * sites whose unit they are, and the unit codes files received by them carry.
     *
     * @param fondsCodes fonds whose creating unit resolves into the set
     * @param siteCodes sites whose unit resolves into the set
     * @param holdingUnitCodes values of files.holding_unit_code that resolve into the set
     */
    public record Forming(List<String> fondsCodes, List<String> siteCodes, List<String> holdingUnitCodes) {
    }

    /**
     * The catalogue's view of a unit, with or without its predecessors (for filters such as the file search).
     *
     * @param withPredecessors false for the unit alone
     */
    public Forming forming(String unitCode, LocalDate on, boolean withPredecessors) {
        String sql = (withPredecessors ? FORMING : FORMING.replace("WHERE l.new_unit_code = :unit AND", "WHERE false AND"))
                + """
                SELECT 'F' AS kind, fonds_code AS code FROM created
                UNION ALL SELECT 'S', site_code FROM holders
                UNION ALL SELECT 'H', code FROM receivers""";
        List<String> fonds = new ArrayList<>();
        List<String> sites = new ArrayList<>();
        List<String> holders = new ArrayList<>();
        jdbc.sql(sql).param("unit", unitCode).param("on", on).query(rs -> {
            switch (rs.getString(1)) {
                case "F" -> fonds.add(rs.getString(2));
                case "S" -> sites.add(rs.getString(2));
                default -> holders.add(rs.getString(2));
            }
        });
        return new Forming(fonds, sites, holders);
    }

    private interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    private <T> Page<T> paged(String sql, String unitCode, LocalDate on, int page, int size, RowMapper<T> mapper) {
        long[] total = {0};
        List<T> items = jdbc.sql(sql).param("unit", unitCode).param("on", on).param("limit", size)
                .param("offset", Paging.offset(page, size)).query((rs, n) -> {
                    total[0] = rs.getLong("total");
                    return mapper.map(rs);
                }).list();
        if (items.isEmpty() && page > 0) {
            total[0] = jdbc.sql(sql).param("unit", unitCode).param("on", on).param("limit", 1).param("offset", 0)
                    .query((rs, n) -> rs.getLong("total")).optional().orElse(0L);
        }
        return Page.of(items, page, size, total[0]);
    }

    // ---------------------------------------------------------------------------------------------------------------

    private static Unit unit(ResultSet rs, int n) throws SQLException {
        return new Unit(rs.getString("unit_code"), rs.getString("official_code"), rs.getString("name"),
                rs.getString("level"), rs.getString("unit_type"), rs.getString("parent_unit_code"),
                rs.getObject("valid_from", LocalDate.class), rs.getObject("valid_to", LocalDate.class),
                rs.getString("source"));
    }

    private static String resource(String path) {
        try (InputStream in = Lineage.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("reference file missing from the classpath: " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
