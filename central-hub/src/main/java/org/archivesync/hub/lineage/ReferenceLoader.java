package org.archivesync.hub.lineage;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Applies reference CSVs to {@code units} and {@code unit_lineage} inside the caller's transaction: validates each
 * record, reports every refused value, and upserts the rest so a second load of the same data changes nothing.
 *
 * <p>Units file (the columns of {@code ca-mau-unit-codes.csv}): {@code unit_name, unit_type, code, valid_from,
 * source}, optionally {@code parent_code} and {@code valid_to}. Lineage file (the columns of {@code ca-mau-units.csv}):
 * {@code new_unit_name, new_unit_type, old_units, old_district, source_resolution}, optionally {@code effective_on}
 * and {@code new_unit_code}. A lineage record lists all predecessors of its new unit for that effective date: loading
 * it again with fewer old units removes the others, which is how an operator corrects a mapping.
 */
final class ReferenceLoader {

    static final List<String> UNIT_COLUMNS = List.of("unit_name", "unit_type", "code", "valid_from", "source");
    static final List<String> LINEAGE_COLUMNS = List.of("new_unit_name", "new_unit_type", "old_units", "old_district",
            "source_resolution");

    private static final Map<String, String> LEVELS = Map.of("tinh", "PROVINCE", "thanh_pho", "DISTRICT", "thi_xa",
            "DISTRICT", "huyen", "DISTRICT", "xa", "COMMUNE", "phuong", "WARD", "thi_tran", "TOWNSHIP");
    /** Type words as the resolution writes them, longest first so "thị xã" is not read as "thị ...". */
    private static final List<String[]> TYPE_WORDS = List.of(new String[] {"thành phố ", "thanh_pho"},
            new String[] {"thị trấn ", "thi_tran"}, new String[] {"thị xã ", "thi_xa"}, new String[] {"phường ", "phuong"},
            new String[] {"huyện ", "huyen"}, new String[] {"tỉnh ", "tinh"}, new String[] {"xã ", "xa"});
    private static final Pattern CODE = Pattern.compile("[0-9]{2,6}");
    private static final Pattern NUMBERED_WARD = Pattern.compile("Phường [0-9]+.*");
    private static final Pattern TRAILING_PARENS = Pattern.compile("^(.*?)\\s*\\(([^()]*)\\)$");
    private static final String PART = "một phần";
    private static final String REMAINDER = "phần còn lại";

    private static final String LOCK = "SELECT pg_advisory_xact_lock(hashtext('archive-sync.reference-data'))";
    private static final String ALL_UNITS = """
            SELECT unit_code, official_code, name, level, unit_type, parent_unit_code, valid_from, valid_to, source
            FROM units""";
    private static final String UPSERT_UNIT = """
            INSERT INTO units (unit_code, official_code, name, level, unit_type, parent_unit_code, valid_from, valid_to,
                declared_valid_to, source)
            VALUES (:key, :code, :name, :level, :type, :parent, :from, :to, :to, :source)
            ON CONFLICT (unit_code) DO UPDATE SET name = excluded.name, level = excluded.level,
                unit_type = excluded.unit_type, parent_unit_code = excluded.parent_unit_code,
                declared_valid_to = excluded.declared_valid_to, source = excluded.source
            WHERE (units.name, units.level, units.unit_type, units.parent_unit_code, units.declared_valid_to, units.source)
                IS DISTINCT FROM (excluded.name, excluded.level, excluded.unit_type, excluded.parent_unit_code,
                                  excluded.declared_valid_to, excluded.source)""";
    private static final String LINKS_OF = """
            SELECT old_unit_code FROM unit_lineage WHERE new_unit_code = :new AND effective_on = :on""";
    private static final String DELETE_LINK = """
            DELETE FROM unit_lineage WHERE old_unit_code = :old AND new_unit_code = :new""";
    private static final String UPSERT_LINK = """
            INSERT INTO unit_lineage (old_unit_code, new_unit_code, coverage, effective_on, legal_basis, derived, source)
            VALUES (:old, :new, :coverage, :on, :basis, :derived, :source)
            ON CONFLICT (old_unit_code, new_unit_code) DO UPDATE SET coverage = excluded.coverage,
                effective_on = excluded.effective_on, legal_basis = excluded.legal_basis, derived = excluded.derived,
                source = excluded.source
            WHERE (unit_lineage.coverage, unit_lineage.effective_on, unit_lineage.legal_basis, unit_lineage.derived,
                   unit_lineage.source)
                IS DISTINCT FROM (excluded.coverage, excluded.effective_on, excluded.legal_basis, excluded.derived,
                                  excluded.source)""";
    // A unit ends the day before its first lineage row as an old unit takes effect; without one, as declared.
    private static final String VALID_TO = """
            UPDATE units u SET valid_to = x.valid_to
            FROM (SELECT v.unit_code, coalesce((SELECT min(l.effective_on) - 1 FROM unit_lineage l
                                                WHERE l.old_unit_code = v.unit_code), v.declared_valid_to) AS valid_to
                  FROM units v) x
            WHERE x.unit_code = u.unit_code AND u.valid_to IS DISTINCT FROM x.valid_to""";
    private static final String RECORD_LOAD = """
            INSERT INTO reference_loads (origin, kind, checksum, loaded_by, rows_read, rows_rejected, units_changed,
                lineage_changed, loaded_at)
            VALUES (:origin, :kind, :checksum, :by, :read, :rejected, :units, :lineage, :at)""";

    private final JdbcClient jdbc;
    private final LocalDate defaultEffectiveOn;

    ReferenceLoader(JdbcClient jdbc, LocalDate defaultEffectiveOn) {
        this.jdbc = jdbc;
        this.defaultEffectiveOn = defaultEffectiveOn;
    }

    /** Counts of one file's load. */
    record Counts(int read, int rejected, int units, int lineage, List<RowError> errors) {
    }

    void lock() {
        jdbc.sql(LOCK).query(Object.class).list();
    }

    void recordLoad(String origin, String kind, String checksum, String by, Counts c, Instant at) {
        jdbc.sql(RECORD_LOAD).param("origin", origin).param("kind", kind).param("checksum", checksum).param("by", by)
                .param("read", c.read()).param("rejected", c.rejected()).param("units", c.units())
                .param("lineage", c.lineage()).param("at", at.atOffset(ZoneOffset.UTC)).update();
    }

    /** Recomputes the end of every unit from the lineage; returns how many units changed. */
    int settleValidity() {
        return jdbc.sql(VALID_TO).update();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Units

    Counts loadUnits(CsvTable csv) {
        List<RowError> errors = new ArrayList<>();
        if (missingColumns(csv, UNIT_COLUMNS, errors)) {
            return new Counts(csv.rows.size(), csv.rows.size(), 0, 0, errors);
        }
        Map<String, Unit> units = units();
        Map<String, Integer> seen = new HashMap<>();
        int rejected = 0;
        int changed = 0;
        for (CsvTable.Row row : csv.rows) {
            int before = errors.size();
            String name = row.get("unit_name");
            String type = row.get("unit_type");
            String code = row.get("code");
            String source = row.get("source");
            if (name.isEmpty()) {
                errors.add(error(row, "unit_name", "a unit needs a name"));
            }
            String level = LEVELS.get(type);
            if (level == null) {
                errors.add(error(row, "unit_type", "the type is one of " + String.join(", ", LEVELS.keySet().stream().sorted().toList())));
            }
            if (!CODE.matcher(code).matches()) {
                errors.add(error(row, "code", "an official code is 2 to 6 digits"));
            }
            LocalDate from = date(row, "valid_from", errors);
            LocalDate to = date(row, "valid_to", errors);
            if (from != null && to != null && !to.isAfter(from)) {
                errors.add(error(row, "valid_to", "valid_to must be after valid_from"));
            }
            if (source.isEmpty()) {
                errors.add(error(row, "source", "every row names its source (a resolution, an official list)"));
            }
            String key = from == null ? code : code + "@" + from;
            Integer earlier = seen.putIfAbsent(key, row.line());
            if (earlier != null && errors.size() == before) {
                errors.add(error(row, "code", "the unit " + key + " is on line " + earlier + " already"));
            }
            String parent = null;
            if (errors.size() == before) {
                parent = parent(row, name, level, from, units, errors);
            }
            if (errors.size() > before) {
                rejected++;
                continue;
            }
            Unit unit = new Unit(key, code, name, level, type, parent, from, to, source);
            changed += jdbc.sql(UPSERT_UNIT).param("key", key).param("code", code).param("name", name)
                    .param("level", level).param("type", type).param("parent", parent).param("from", from)
                    .param("to", to).param("source", source).update();
            units.put(key, unit);
        }
        return new Counts(csv.rows.size(), rejected, changed, 0, errors);
    }

    private String parent(CsvTable.Row row, String name, String level, LocalDate from, Map<String, Unit> units,
                          List<RowError> errors) {
        String parentCode = row.get("parent_code");
        if (!parentCode.isEmpty()) {
            List<Unit> candidates = units.values().stream().filter(u -> u.officialCode().equals(parentCode))
                    .filter(u -> sameEra(u, from)).toList();
            if (candidates.size() != 1) {
                errors.add(error(row, "parent_code", candidates.isEmpty()
                        ? "no unit with this code is loaded for the same period (load the parent first)"
                        : "several units have this code for the same period"));
                return null;
            }
            return candidates.get(0).unitCode();
        }
        Matcher m = TRAILING_PARENS.matcher(name);
        if (m.matches()) {
            String[] typed = typed(m.group(2));
            if (typed != null && LEVELS.get(typed[0]).equals("DISTRICT") || typed != null && typed[0].equals("tinh")) {
                List<Unit> candidates = units.values().stream()
                        .filter(u -> u.unitType().equals(typed[0]) && u.name().equals(typed[1]) && sameEra(u, from))
                        .toList();
                if (candidates.size() != 1) {
                    errors.add(error(row, "unit_name", "no " + m.group(2) + " is loaded for the same period"
                            + " (load the districts, e.g. reference/ca-mau-districts.csv, first)"));
                    return null;
                }
                return candidates.get(0).unitCode();
            }
        }
        if (from != null && !"PROVINCE".equals(level) && !"DISTRICT".equals(level)) {
            // A province created the same day is the one (the old provinces' end is only known once lineage is).
            List<Unit> provinces = units.values().stream()
                    .filter(u -> "PROVINCE".equals(u.level()) && from.equals(u.validFrom())).toList();
            if (provinces.isEmpty()) {
                provinces = units.values().stream().filter(u -> "PROVINCE".equals(u.level()) && validOn(u, from)).toList();
            }
            if (provinces.size() == 1) {
                return provinces.get(0).unitCode();
            }
        }
        return null;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Lineage

    /** A predecessor named in a lineage record. */
    private record Link(String oldKey, String coverage, boolean derived) {
    }

    /** A former district named in old_district, with the old units it contributed when more than one district is. */
    private record District(String text, Unit unit, Set<String> contributed) {
    }

    Counts loadLineage(CsvTable csv) {
        List<RowError> errors = new ArrayList<>();
        if (missingColumns(csv, LINEAGE_COLUMNS, errors)) {
            return new Counts(csv.rows.size(), csv.rows.size(), 0, 0, errors);
        }
        Map<String, Unit> units = units();
        Map<String, Integer> seen = new HashMap<>();
        int rejected = 0;
        int changed = 0;
        for (CsvTable.Row row : csv.rows) {
            int before = errors.size();
            LocalDate effective = row.get("effective_on").isEmpty() ? defaultEffectiveOn : date(row, "effective_on", errors);
            String basis = row.get("source_resolution");
            if (basis.isEmpty()) {
                errors.add(error(row, "source_resolution", "every lineage row names its legal basis (resolution)"));
            }
            Unit newUnit = effective == null ? null : newUnit(row, effective, units, errors);
            if (newUnit != null) {
                Integer earlier = seen.putIfAbsent(newUnit.unitCode() + "/" + effective, row.line());
                if (earlier != null) {
                    errors.add(error(row, "new_unit_name", "the new unit is on line " + earlier + " already"));
                }
            }
            Map<String, Link> links = new LinkedHashMap<>();
            if (effective != null) {
                LocalDate dayBefore = effective.minusDays(1);
                List<District> districts = districts(row, dayBefore, units, errors);
                String olds = row.get("old_units");
                if (olds.isEmpty()) {
                    errors.add(error(row, "old_units", "a new unit has at least one old unit"));
                }
                for (String entry : olds.split(";")) {
                    if (!entry.isBlank()) {
                        Link link = oldUnit(row, entry.strip(), districts, dayBefore, units, errors);
                        if (link != null && links.putIfAbsent(link.oldKey(), link) != null) {
                            errors.add(error(row, "old_units", entry.strip(), "listed twice"));
                        }
                    }
                }
                for (District d : districts) {
                    links.putIfAbsent(d.unit().unitCode(), new Link(d.unit().unitCode(), "PART", true));
                }
                if (newUnit != null && links.containsKey(newUnit.unitCode())) {
                    errors.add(error(row, "old_units", "a unit cannot be its own predecessor"));
                }
            }
            if (errors.size() > before) {
                rejected++;
                continue;
            }
            changed += replaceLinks(newUnit, effective, basis, links.values());
        }
        return new Counts(csv.rows.size(), rejected, 0, changed, errors);
    }

    private int replaceLinks(Unit newUnit, LocalDate effective, String basis, java.util.Collection<Link> links) {
        Set<String> keep = new HashSet<>();
        links.forEach(l -> keep.add(l.oldKey()));
        int changed = 0;
        for (String old : jdbc.sql(LINKS_OF).param("new", newUnit.unitCode()).param("on", effective).query(String.class).list()) {
            if (!keep.contains(old)) {
                changed += jdbc.sql(DELETE_LINK).param("old", old).param("new", newUnit.unitCode()).update();
            }
        }
        for (Link l : links) {
            changed += jdbc.sql(UPSERT_LINK).param("old", l.oldKey()).param("new", newUnit.unitCode())
                    .param("coverage", l.coverage()).param("on", effective).param("basis", basis)
                    .param("derived", l.derived()).param("source", basis).update();
        }
        return changed;
    }

    private Unit newUnit(CsvTable.Row row, LocalDate effective, Map<String, Unit> units, List<RowError> errors) {
        String code = row.get("new_unit_code");
        if (!code.isEmpty()) {
            Unit u = units.get(code + "@" + effective);
            if (u == null) {
                errors.add(error(row, "new_unit_code", "no unit with this code starts on " + effective + " (load the units first)"));
            }
            return u;
        }
        String name = row.get("new_unit_name");
        String type = row.get("new_unit_type");
        if (!LEVELS.containsKey(type)) {
            errors.add(error(row, "new_unit_type", "the type is one of " + String.join(", ", LEVELS.keySet().stream().sorted().toList())));
            return null;
        }
        List<Unit> candidates = units.values().stream()
                .filter(u -> u.unitType().equals(type) && u.name().equals(name) && effective.equals(u.validFrom())).toList();
        if (candidates.size() != 1) {
            errors.add(error(row, "new_unit_name", candidates.isEmpty()
                    ? "no " + type + " of this name starts on " + effective + " (load the units first)"
                    : "several units of this name start on " + effective + "; give new_unit_code"));
            return null;
        }
        return candidates.get(0);
    }

    private List<District> districts(CsvTable.Row row, LocalDate dayBefore, Map<String, Unit> units, List<RowError> errors) {
        List<District> districts = new ArrayList<>();
        for (String entry : row.get("old_district").split(";")) {
            String text = entry.strip();
            if (text.isEmpty()) {
                continue;
            }
            Set<String> contributed = new HashSet<>();
            Matcher m = TRAILING_PARENS.matcher(text);
            String district = text;
            if (m.matches() && typed(m.group(2)) != null && !isDistrictType(typed(m.group(2))[0])) {
                district = m.group(1).strip();
                for (String c : m.group(2).split(",")) {
                    contributed.add(c.strip());
                }
            }
            String[] typed = typed(district);
            if (typed == null || !isDistrictType(typed[0])) {
                errors.add(error(row, "old_district", text, "a district is written 'huyện X', 'thị xã X' or 'thành phố X'"));
                continue;
            }
            Unit unit = find(units, typed[0], typed[1], dayBefore);
            if (unit == null) {
                errors.add(error(row, "old_district", text, "no such district was valid on " + dayBefore));
                continue;
            }
            districts.add(new District(district, unit, contributed));
        }
        return districts;
    }

    private Link oldUnit(CsvTable.Row row, String entry, List<District> districts, LocalDate dayBefore,
                         Map<String, Unit> units, List<RowError> errors) {
        String coverage = "WHOLE";
        String text = entry;
        Matcher m = TRAILING_PARENS.matcher(text);
        if (m.matches() && (m.group(2).strip().equals(PART) || m.group(2).strip().equals(REMAINDER))) {
            coverage = "PART";
            text = m.group(1).strip();
        }
        String qualifier = null;
        m = TRAILING_PARENS.matcher(text);
        if (m.matches()) {
            qualifier = m.group(2).strip();
            text = m.group(1).strip();
        }
        String[] typed = typed(text);
        if (typed == null) {
            errors.add(error(row, "old_units", entry, "an old unit is written with its type: 'xã X', 'phường X',"
                    + " 'thị trấn X', 'Phường 1', 'huyện X', 'tỉnh X'"));
            return null;
        }
        String name = typed[1];
        if (!isDistrictType(typed[0]) && !typed[0].equals("tinh")) {
            String district = qualifier;
            if (district == null) {
                String plain = text;
                district = districts.stream().filter(d -> d.contributed().contains(plain)).map(District::text).findFirst()
                        .orElse(districts.isEmpty() ? null : districts.get(0).text());
            }
            // Units of 2025 and later have no district: without one, the bare name is looked up.
            if (district != null) {
                name = name + " (" + district + ")";
            }
        }
        Unit unit = find(units, typed[0], name, dayBefore);
        if (unit == null) {
            errors.add(error(row, "old_units", entry, "no " + typedName(typed[0]) + " '" + name + "' was valid on " + dayBefore));
            return null;
        }
        return new Link(unit.unitCode(), coverage, false);
    }

    // ---------------------------------------------------------------------------------------------------------------

    private Map<String, Unit> units() {
        Map<String, Unit> units = new LinkedHashMap<>();
        jdbc.sql(ALL_UNITS).query((rs, n) -> new Unit(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                rs.getString(5), rs.getString(6), rs.getObject(7, LocalDate.class), rs.getObject(8, LocalDate.class),
                rs.getString(9))).list().forEach(u -> units.put(u.unitCode(), u));
        return units;
    }

    private static Unit find(Map<String, Unit> units, String type, String name, LocalDate on) {
        List<Unit> found = units.values().stream().filter(u -> u.unitType().equals(type) && u.name().equals(name))
                .filter(u -> validOn(u, on)).toList();
        return found.size() == 1 ? found.get(0) : null;
    }

    /** {type, name} of "xã Tân Hưng", "Phường 9", "huyện Cái Nước"; null when no type word leads. */
    static String[] typed(String text) {
        if (NUMBERED_WARD.matcher(text).matches()) {
            return new String[] {"phuong", text};
        }
        String lower = text.toLowerCase(java.util.Locale.ROOT);
        for (String[] w : TYPE_WORDS) {
            if (lower.startsWith(w[0])) {
                return new String[] {w[1], text.substring(w[0].length()).strip()};
            }
        }
        return null;
    }

    private static String typedName(String type) {
        return TYPE_WORDS.stream().filter(w -> w[1].equals(type)).map(w -> w[0].strip()).findFirst().orElse(type);
    }

    private static boolean isDistrictType(String type) {
        return "DISTRICT".equals(LEVELS.get(type));
    }

    private static boolean sameEra(Unit u, LocalDate from) {
        return from == null ? u.validFrom() == null : validOn(u, from);
    }

    private static boolean validOn(Unit u, LocalDate on) {
        return (u.validFrom() == null || !u.validFrom().isAfter(on)) && (u.validTo() == null || !u.validTo().isBefore(on));
    }

    private static boolean missingColumns(CsvTable csv, List<String> required, List<RowError> errors) {
        boolean missing = false;
        for (String column : required) {
            if (!csv.header.contains(column)) {
                errors.add(new RowError(Math.max(csv.headerLine, 1), column, "", "missing column; the header is "
                        + String.join(",", required)));
                missing = true;
            }
        }
        return missing;
    }

    private static LocalDate date(CsvTable.Row row, String column, List<RowError> errors) {
        String v = row.get(column);
        if (v.isEmpty()) {
            return null;
        }
        try {
            return LocalDate.parse(v);
        } catch (DateTimeParseException e) {
            errors.add(error(row, column, "a date is written yyyy-mm-dd"));
            return null;
        }
    }

    private static RowError error(CsvTable.Row row, String column, String reason) {
        return new RowError(row.line(), column, row.get(column), reason);
    }

    private static RowError error(CsvTable.Row row, String column, String value, String reason) {
        return new RowError(row.line(), column, value, reason);
    }
}
