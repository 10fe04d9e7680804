package org.archivesync.hub.progress;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The console's charts: how a measure grew per former district, and the province's files by appraisal decision. */
final class ProgressCharts {

    private static final String HISTORY = """
            WITH district AS (%s)
            SELECT d.unit_code, d.name, d.unit_type, a.day, sum(a.amount) AS amount
            FROM progress_activity a JOIN district d USING (site_code)
            WHERE a.measure = :measure AND a.day <= :today
            GROUP BY d.unit_code, d.name, d.unit_type, a.day ORDER BY a.day""".formatted(ProgressReading.DISTRICTS);

    private static final String BY_DECISION = """
            SELECT coalesce(a.decision, 'NONE') AS decision, sum(coalesce(f.sheet_count, 0)) AS sheets,
                   count(*) AS files
            FROM files f LEFT JOIN appraisals a USING (fonds_code, file_code)
            WHERE f.custody_state <> 'WITHDRAWN'
            GROUP BY 1 ORDER BY 1""";

    private final JdbcClient jdbc;
    private final ProgressProperties properties;

    ProgressCharts(JdbcClient jdbc, ProgressProperties properties) {
        this.jdbc = jdbc;
        this.properties = properties;
    }

    /**
     * The running total at the end of every day up to {@code day} on which some district's figure changed. A site
     * counts under each district its unit came from.
     */
    History history(String measure, LocalDate day) {
        Map<String, String> names = new LinkedHashMap<>();
        Map<String, Map<LocalDate, BigDecimal>> perDay = new LinkedHashMap<>();
        TreeSet<LocalDate> days = new TreeSet<>();
        jdbc.sql(HISTORY).param("former", properties.formerUnitsOn()).param("today", day).param("measure", measure)
                .query(rs -> {
                    String key = rs.getString(1);
                    names.putIfAbsent(key, ProgressReading.typed(rs.getString(3), rs.getString(2)));
                    LocalDate d = rs.getObject(4, LocalDate.class);
                    days.add(d);
                    perDay.computeIfAbsent(key, k -> new HashMap<>()).put(d, rs.getBigDecimal(5));
                });
        List<History.Series> series = new ArrayList<>();
        perDay.forEach((key, amounts) -> {
            List<BigDecimal> running = new ArrayList<>();
            BigDecimal total = BigDecimal.ZERO;
            for (LocalDate d : days) {
                total = total.add(amounts.getOrDefault(d, BigDecimal.ZERO));
                running.add(total);
            }
            series.add(new History.Series(key, names.get(key), running));
        });
        series.sort(Comparator.comparing(History.Series::name));
        return new History(measure, List.copyOf(days), series);
    }

    /** The province's files by appraisal decision (TRANSFER_TO_HISTORICAL, KEEP_AT_SUCCESSOR, DESTROY, NONE). */
    List<DecisionTotal> byDecision() {
        BigDecimal perMetre = properties.sheetsPerMetre();
        return jdbc.sql(BY_DECISION).query((rs, n) -> new DecisionTotal(rs.getString(1),
                ProgressReading.metres(rs.getBigDecimal(2), perMetre), rs.getLong(3))).list();
    }
}
