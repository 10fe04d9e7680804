package org.archivesync.hub.catalogue;

import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.archivesync.hub.database.TestDatabase;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;

/**
 * Measures how to write 100,000 file rows into PostgreSQL: JDBC batches with {@code reWriteBatchedInserts}, one
 * {@code unnest} upsert, and {@code COPY} into a temporary table followed by {@code INSERT ... ON CONFLICT}; then the
 * cost of keeping a trigram search index on the hot path. Not part of the build (no Test suffix); run with
 * {@code ./mvnw -pl central-hub verify -Dtest=WriteStrategyBenchmark -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class WriteStrategyBenchmark {

    private static final int ROWS = Integer.getInteger("bench.rows", 100_000);
    private static final int ROUNDS = Integer.getInteger("bench.rounds", 3);

    private static final String TABLE = """
            CREATE EXTENSION IF NOT EXISTS unaccent;
            CREATE EXTENSION IF NOT EXISTS pg_trgm;
            CREATE OR REPLACE FUNCTION fold(t text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
                RETURN lower(public.unaccent('public.unaccent'::regdictionary, t));
            DROP TABLE IF EXISTS f;
            CREATE TABLE f (fonds_code text NOT NULL, file_code text NOT NULL, site_code text NOT NULL,
                box_code text, title text, start_date date, end_date date, sheet_count int, retention text NOT NULL,
                retention_years int, access_regime text NOT NULL, keywords text[] NOT NULL DEFAULT '{}',
                last_sequence bigint NOT NULL, updated_at timestamptz NOT NULL DEFAULT now(),
                PRIMARY KEY (fonds_code, file_code))""";

    private static final String UPSERT_SET = """
             ON CONFLICT (fonds_code, file_code) DO UPDATE SET site_code = excluded.site_code,
                box_code = excluded.box_code, title = excluded.title, start_date = excluded.start_date,
                end_date = excluded.end_date, sheet_count = excluded.sheet_count, retention = excluded.retention,
                retention_years = excluded.retention_years, access_regime = excluded.access_regime,
                keywords = excluded.keywords, last_sequence = excluded.last_sequence, updated_at = now()""";

    private static final String COLUMNS = "fonds_code, file_code, site_code, box_code, title, start_date, end_date,"
            + " sheet_count, retention, retention_years, access_regime, keywords, last_sequence";

    record Row(String fonds, String file, String site, String box, String title, int sheets, long seq) {
    }

    @Test
    void measure() throws Exception {
        String url = TestDatabase.newDatabase();
        List<Row> rows = rows(ROWS);
        try (Connection c = DriverManager.getConnection(url + "&reWriteBatchedInserts=true", "postgres", "")) {
            System.out.printf("rows=%d rounds=%d (best of rounds, fresh table each round)%n", ROWS, ROUNDS);
            for (String index : (System.getProperty("bench.only", "").equals("files")
                    ? List.of("pk-only") : List.of("pk-only", "pk+site-seq-btree", "pk+fk-sites", "pk+folded-column",
                    "gin-default", "gin-pending-64MB", "gin-fastupdate-off"))) {
                for (String strategy : List.of("jdbc-batch-rewrite", "unnest-upsert", "copy-temp-upsert",
                        "copy-binary-temp-upsert", "copy-plain")) {
                    if (System.getProperty("bench.only", "").equals("events")
                            || !index.equals("pk-only") && !strategy.equals("copy-temp-upsert")) {
                        continue;
                    }
                    long best = Long.MAX_VALUE;
                    for (int r = 0; r < ROUNDS; r++) {
                        setUp(c, index);
                        long t0 = System.nanoTime();
                        write(c, strategy, rows);
                        best = Math.min(best, System.nanoTime() - t0);
                    }
                    System.out.printf("index=%-20s strategy=%-20s ms=%6d rows_per_s=%8d%n", index, strategy,
                            best / 1_000_000, (long) (ROWS / (best / 1e9)));
                }
            }
            measureEvents(c);
            // The asynchronous search projection: what the indexer pays afterwards, off the ingest path.
            setUp(c, "pk-only");
            write(c, "copy-temp-upsert", rows);
            exec(c, "DROP TABLE IF EXISTS s; CREATE TABLE s (fonds_code text, file_code text, document text NOT NULL,"
                    + " PRIMARY KEY (fonds_code, file_code)); CREATE INDEX s_trgm ON s USING gin (document gin_trgm_ops)"
                    + " WITH (gin_pending_list_limit = 65536)");
            long t0 = System.nanoTime();
            exec(c, "INSERT INTO s SELECT fonds_code, file_code, fold(coalesce(title, '') || ' ' || array_to_string(keywords, ' ')) FROM f");
            exec(c, "SELECT gin_clean_pending_list('s_trgm')");
            long ms = (System.nanoTime() - t0) / 1_000_000;
            System.out.printf("async search projection of %d rows: ms=%d rows_per_s=%d%n", ROWS, ms, ROWS * 1000L / Math.max(1, ms));
            try (Statement s = c.createStatement(); var rs = s.executeQuery(
                    "SELECT count(*) FROM s WHERE document LIKE '%' || fold('cai nuoc') || '%'")) {
                rs.next();
                System.out.println("search 'cai nuoc' hits=" + rs.getLong(1));
            }
        }
    }

    /** The event log: pure inserts of ~300-byte bodies, by unnest arrays, by JDBC batches, by binary COPY. */
    private static void measureEvents(Connection c) throws Exception {
        List<byte[]> bodies = new ArrayList<>(ROWS);
        Random random = new Random(1);
        for (int i = 0; i < ROWS; i++) {
            byte[] b = new byte[300];
            random.nextBytes(b);
            bodies.add(b);
        }
        for (String strategy : List.of("unnest-insert", "jdbc-batch-rewrite", "copy-binary")) {
            long best = Long.MAX_VALUE;
            for (int r = 0; r < ROUNDS; r++) {
                exec(c, "DROP TABLE IF EXISTS ev; CREATE TABLE ev (site_code text NOT NULL, sequence bigint NOT NULL,"
                        + " hash bytea NOT NULL, type text NOT NULL, subject text, received_at timestamptz NOT NULL,"
                        + " schema_id int, body bytea, PRIMARY KEY (site_code, sequence)); CHECKPOINT");
                long t0 = System.nanoTime();
                c.setAutoCommit(false);
                for (int from = 0; from < ROWS; from += 5_000) {
                    List<byte[]> chunk = bodies.subList(from, Math.min(ROWS, from + 5_000));
                    writeEvents(c, strategy, from, chunk);
                    c.commit();
                }
                c.setAutoCommit(true);
                best = Math.min(best, System.nanoTime() - t0);
            }
            System.out.printf("table=events             strategy=%-20s ms=%6d rows_per_s=%8d%n", strategy,
                    best / 1_000_000, (long) (ROWS / (best / 1e9)));
        }
    }

    private static void writeEvents(Connection c, String strategy, int from, List<byte[]> chunk) throws Exception {
        int n = chunk.size();
        switch (strategy) {
            case "unnest-insert" -> {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO ev SELECT u.s, u.q, u.h, 'FileRecorded', u.k,"
                        + " now(), 1, u.b FROM unnest(?::text[], ?::bigint[], ?::bytea[], ?::text[], ?::bytea[])"
                        + " AS u(s, q, h, k, b)")) {
                    String[] site = new String[n], key = new String[n];
                    long[] seq = new long[n];
                    byte[][] hash = new byte[n][], body = new byte[n][];
                    for (int i = 0; i < n; i++) {
                        site[i] = "CM.SITE" + ((from + i) % 10);
                        seq[i] = from + i;
                        hash[i] = java.util.Arrays.copyOf(chunk.get(i), 32);
                        key[i] = "F/HS-" + (from + i);
                        body[i] = chunk.get(i);
                    }
                    ps.setObject(1, site);
                    ps.setObject(2, seq);
                    ps.setObject(3, hash);
                    ps.setObject(4, key);
                    ps.setObject(5, body);
                    ps.executeUpdate();
                }
            }
            case "jdbc-batch-rewrite" -> {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO ev VALUES (?, ?, ?, 'FileRecorded', ?, now(), 1, ?)")) {
                    for (int i = 0; i < n; i++) {
                        ps.setString(1, "CM.SITE" + ((from + i) % 10));
                        ps.setLong(2, from + i);
                        ps.setBytes(3, java.util.Arrays.copyOf(chunk.get(i), 32));
                        ps.setString(4, "F/HS-" + (from + i));
                        ps.setBytes(5, chunk.get(i));
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
            }
            case "copy-binary" -> {
                java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream(n * 400);
                java.io.DataOutputStream out = new java.io.DataOutputStream(bytes);
                out.writeBytes("PGCOPY\n");
                out.write(0xff);
                out.writeBytes("\r\n");
                out.write(0);
                out.writeInt(0);
                out.writeInt(0);
                long micros = (System.currentTimeMillis() - 946_684_800_000L) * 1000;
                for (int i = 0; i < n; i++) {
                    out.writeShort(8);
                    field(out, ("CM.SITE" + ((from + i) % 10)).getBytes(java.nio.charset.StandardCharsets.UTF_8));
                    out.writeInt(8);
                    out.writeLong(from + i);
                    field(out, java.util.Arrays.copyOf(chunk.get(i), 32));
                    field(out, "FileRecorded".getBytes(java.nio.charset.StandardCharsets.UTF_8));
                    field(out, ("F/HS-" + (from + i)).getBytes(java.nio.charset.StandardCharsets.UTF_8));
                    out.writeInt(8);
                    out.writeLong(micros);
                    out.writeInt(4);
                    out.writeInt(1);
                    field(out, chunk.get(i));
                }
                out.writeShort(-1);
                c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY ev FROM STDIN (FORMAT binary)",
                        new java.io.ByteArrayInputStream(bytes.toByteArray()));
            }
            default -> throw new IllegalArgumentException(strategy);
        }
    }

    private static void field(java.io.DataOutputStream out, byte[] value) throws IOException {
        out.writeInt(value.length);
        out.write(value);
    }

    private static void setUp(Connection c, String index) throws SQLException {
        exec(c, "DROP TABLE IF EXISTS f_in; DROP TABLE IF EXISTS f_bin; DROP TABLE IF EXISTS f; DROP TABLE IF EXISTS sites");
        exec(c, TABLE);
        switch (index) {
            case "pk+site-seq-btree" -> exec(c, "CREATE INDEX f_site_seq ON f (site_code, last_sequence)");
            case "pk+fk-sites" -> exec(c, "DROP TABLE IF EXISTS sites; CREATE TABLE sites (site_code text PRIMARY KEY);"
                    + " INSERT INTO sites SELECT 'CM.SITE' || i FROM generate_series(0, 99) i;"
                    + " ALTER TABLE f ADD FOREIGN KEY (site_code) REFERENCES sites");
            case "pk+folded-column" -> exec(c, "ALTER TABLE f ADD COLUMN folded text GENERATED ALWAYS AS (fold(title)) STORED");
            case "gin-default" -> exec(c, "CREATE INDEX f_trgm ON f USING gin (fold(title) gin_trgm_ops)");
            case "gin-pending-64MB" -> exec(c, "CREATE INDEX f_trgm ON f USING gin (fold(title) gin_trgm_ops)"
                    + " WITH (fastupdate = on, gin_pending_list_limit = 65536)");
            case "gin-fastupdate-off" -> exec(c, "CREATE INDEX f_trgm ON f USING gin (fold(title) gin_trgm_ops)"
                    + " WITH (fastupdate = off)");
            default -> {
            }
        }
        exec(c, "CHECKPOINT");
    }

    private static void write(Connection c, String strategy, List<Row> rows) throws SQLException, IOException {
        c.setAutoCommit(false);
        for (int from = 0; from < rows.size(); from += 5_000) {
            List<Row> chunk = rows.subList(from, Math.min(rows.size(), from + 5_000));
            switch (strategy) {
                case "jdbc-batch-rewrite" -> jdbcBatch(c, chunk);
                case "unnest-upsert" -> unnest(c, chunk);
                case "copy-temp-upsert" -> copyTemp(c, chunk);
                case "copy-binary-temp-upsert" -> copyBinaryTemp(c, chunk);
                case "copy-plain" -> copy(c, "f (fonds_code, file_code, site_code, box_code, title, start_date, end_date,"
                        + " sheet_count, retention, retention_years, access_regime, keywords, last_sequence)", chunk);
                default -> throw new IllegalArgumentException(strategy);
            }
            c.commit();
        }
        c.setAutoCommit(true);
    }

    private static void jdbcBatch(Connection c, List<Row> chunk) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO f (fonds_code, file_code, site_code, box_code, title,"
                + " start_date, end_date, sheet_count, retention, retention_years, access_regime, keywords, last_sequence)"
                + " VALUES (?, ?, ?, ?, ?, ?::date, ?::date, ?, ?, ?, ?, ?::text[], ?)" + " " + UPSERT_SET)) {
            for (Row r : chunk) {
                ps.setString(1, r.fonds());
                ps.setString(2, r.file());
                ps.setString(3, r.site());
                ps.setString(4, r.box());
                ps.setString(5, r.title());
                ps.setString(6, "2019-01-01");
                ps.setString(7, "2019-12-31");
                ps.setInt(8, r.sheets());
                ps.setString(9, "FIXED_TERM");
                ps.setInt(10, 10);
                ps.setString(11, "OPEN");
                ps.setString(12, "{đất đai,Cái Nước}");
                ps.setLong(13, r.seq());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static void unnest(Connection c, List<Row> chunk) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO f (fonds_code, file_code, site_code, box_code, title,"
                + " start_date, end_date, sheet_count, retention, retention_years, access_regime, keywords, last_sequence)"
                + " SELECT a, b, s, bx, t, '2019-01-01', '2019-12-31', n, 'FIXED_TERM', 10, 'OPEN', '{đất đai,Cái Nước}', q"
                + " FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::int[], ?::bigint[])"
                + " AS u(a, b, s, bx, t, n, q)" + " " + UPSERT_SET)) {
            int n = chunk.size();
            Object[][] cols = new Object[7][n];
            for (int i = 0; i < n; i++) {
                Row r = chunk.get(i);
                cols[0][i] = r.fonds();
                cols[1][i] = r.file();
                cols[2][i] = r.site();
                cols[3][i] = r.box();
                cols[4][i] = r.title();
                cols[5][i] = r.sheets();
                cols[6][i] = r.seq();
            }
            String[] types = {"text", "text", "text", "text", "text", "int4", "int8"};
            for (int k = 0; k < 7; k++) {
                ps.setArray(k + 1, c.createArrayOf(types[k], cols[k]));
            }
            ps.executeUpdate();
        }
    }

    private static void copyTemp(Connection c, List<Row> chunk) throws SQLException, IOException {
        exec(c, "CREATE TEMP TABLE IF NOT EXISTS f_in (LIKE f INCLUDING DEFAULTS) ON COMMIT DELETE ROWS");
        copy(c, "f_in (fonds_code, file_code, site_code, box_code, title, start_date, end_date, sheet_count, retention,"
                + " retention_years, access_regime, keywords, last_sequence)", chunk);
        exec(c, "INSERT INTO f (" + COLUMNS + ") SELECT " + COLUMNS + " FROM f_in WHERE true " + UPSERT_SET);
    }

    private static void copyBinaryTemp(Connection c, List<Row> chunk) throws SQLException, IOException {
        exec(c, "CREATE TEMP TABLE IF NOT EXISTS f_bin (fonds_code text, file_code text, site_code text, box_code text,"
                + " title text, start_date date, end_date date, sheet_count int, retention text, retention_years int,"
                + " access_regime text, keywords text, last_sequence bigint) ON COMMIT DELETE ROWS");
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream(chunk.size() * 200);
        java.io.DataOutputStream out = new java.io.DataOutputStream(bytes);
        out.writeBytes("PGCOPY\n");
        out.write(0xff);
        out.writeBytes("\r\n");
        out.write(0);
        out.writeInt(0);
        out.writeInt(0);
        int start = (int) (java.time.LocalDate.parse("2019-01-01").toEpochDay() - 10_957);
        int end = (int) (java.time.LocalDate.parse("2019-12-31").toEpochDay() - 10_957);
        for (Row r : chunk) {
            out.writeShort(13);
            text(out, r.fonds());
            text(out, r.file());
            text(out, r.site());
            text(out, r.box());
            text(out, r.title());
            out.writeInt(4);
            out.writeInt(start);
            out.writeInt(4);
            out.writeInt(end);
            out.writeInt(4);
            out.writeInt(r.sheets());
            text(out, "FIXED_TERM");
            out.writeInt(4);
            out.writeInt(10);
            text(out, "OPEN");
            text(out, "đất đai\u001fCái Nước");
            out.writeInt(8);
            out.writeLong(r.seq());
        }
        out.writeShort(-1);
        c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY f_bin FROM STDIN (FORMAT binary)",
                new java.io.ByteArrayInputStream(bytes.toByteArray()));
        exec(c, "INSERT INTO f (" + COLUMNS + ") SELECT fonds_code, file_code, site_code, box_code, title, start_date,"
                + " end_date, sheet_count, retention, retention_years, access_regime, string_to_array(keywords, chr(31)),"
                + " last_sequence FROM f_bin WHERE true " + UPSERT_SET);
    }

    private static void text(java.io.DataOutputStream out, String value) throws IOException {
        byte[] b = value.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static void copy(Connection c, String target, List<Row> chunk) throws SQLException, IOException {
        StringBuilder sb = new StringBuilder(chunk.size() * 160);
        for (Row r : chunk) {
            sb.append(r.fonds()).append('\t').append(r.file()).append('\t').append(r.site()).append('\t')
                    .append(r.box()).append('\t').append(r.title()).append("\t2019-01-01\t2019-12-31\t")
                    .append(r.sheets()).append("\tFIXED_TERM\t10\tOPEN\t{đất đai,Cái Nước}\t").append(r.seq()).append('\n');
        }
        c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY " + target + " FROM STDIN", new StringReader(sb.toString()));
    }

    private static void exec(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    static List<Row> rows(int n) {
        String[] subjects = {"Hồ sơ giải quyết tranh chấp đất đai", "Hồ sơ cấp giấy chứng nhận quyền sử dụng đất",
                "Tập văn bản chỉ đạo về phòng chống lụt bão", "Hồ sơ hội nghị tổng kết công tác năm",
                "Hồ sơ xây dựng nông thôn mới", "Báo cáo thống kê dân số và kế hoạch hóa gia đình"};
        String[] places = {"xã Tân Hưng", "huyện Cái Nước", "thị trấn Sông Đốc", "xã Khánh Bình Tây",
                "huyện Trần Văn Thời", "xã Tạ An Khương", "thành phố Bạc Liêu"};
        Random random = new Random(42);
        List<Row> rows = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String title = subjects[random.nextInt(subjects.length)] + " của " + places[random.nextInt(places.length)]
                    + " năm " + (1976 + random.nextInt(49)) + " số " + random.nextInt(100_000);
            rows.add(new Row("F" + (i % 100), "HS-" + i, "CM.SITE" + (i % 100), "H" + (i / 50), title,
                    1 + random.nextInt(300), i + 1));
        }
        return rows;
    }
}
