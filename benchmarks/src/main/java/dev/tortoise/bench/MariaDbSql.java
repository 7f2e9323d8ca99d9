package dev.tortoise.bench;

import io.r2dbc.spi.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * MariaDB's raw SQL: {@code ?} markers, {@code IN (?, ?, ...)} lists, {@code DATETIME(6)} bound as its UTC wall
 * time (the driver has no {@code OffsetDateTime} codec), fills from the Sequence engine's {@code seq_1_to_n}
 * tables, InnoDB tables in utf8mb4 with a binary collation (as Tortoise's own DDL makes them).
 */
final class MariaDbSql implements RawSql {
    private static final String TABLE_OPTIONS = " ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin";

    @Override
    public Object timestamp(OffsetDateTime t) {
        return t.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime();
    }

    @Override
    public String q(String template) {
        return template.replaceAll("\\$\\d+", "?");
    }

    @Override
    public String inList(String column, int marker, int n) {
        StringBuilder b = new StringBuilder(column).append(" IN (");
        for (int i = 0; i < n; i++) {
            b.append(i == 0 ? "?" : ", ?");
        }
        return b.append(')').toString();
    }

    @Override
    public void bindInList(Statement st, int index, Integer[] values) {
        for (int i = 0; i < values.length; i++) {
            st.bind(index + i, values[i]);
        }
    }

    @Override
    public List<String> bulkInsertMethods() {
        return List.of("values");
    }

    @Override
    public String[] narrowDdl(String table) {
        return new String[] {
            "CREATE TABLE IF NOT EXISTS " + table + " (id INT NOT NULL AUTO_INCREMENT PRIMARY KEY, "
                    + "timestamp DATETIME(6) NOT NULL, level SMALLINT NOT NULL, text VARCHAR(255) NOT NULL)"
                    + TABLE_OPTIONS,
            "CREATE INDEX IF NOT EXISTS " + table + "_level ON " + table + " (level)",
            "CREATE INDEX IF NOT EXISTS " + table + "_text ON " + table + " (text)"};
    }

    /** Rows 1..n of the Sequence engine, as column {@code r}. */
    private static String series(int n) {
        return "(SELECT seq AS r FROM seq_1_to_" + n + ") s";
    }

    @Override
    public String narrowFill(String table, int n, String levelExpr) {
        return "INSERT INTO " + table + " (timestamp, level, text) SELECT TIMESTAMP'2026-01-01 00:00:00' + "
                + "INTERVAL r SECOND, " + (levelExpr == null ? "(r % 5 + 1) * 10" : levelExpr)
                + ", CONCAT('row ', r, ' of " + table + "') FROM " + series(n);
    }

    @Override
    public String wideDdl() {
        StringBuilder b = new StringBuilder("CREATE TABLE IF NOT EXISTS bench_wide (id INT NOT NULL AUTO_INCREMENT "
                + "PRIMARY KEY, timestamp DATETIME(6) NOT NULL, level SMALLINT NOT NULL, text VARCHAR(255) NOT NULL");
        for (int g = 1; g <= 4; g++) {
            b.append(", col_float").append(g).append(" DOUBLE NOT NULL, col_smallint").append(g)
                    .append(" SMALLINT NOT NULL, col_int").append(g).append(" INT NOT NULL, col_bigint").append(g)
                    .append(" BIGINT NOT NULL, col_char").append(g).append(" VARCHAR(255) NOT NULL, col_text").append(g)
                    .append(" LONGTEXT NOT NULL, col_decimal").append(g).append(" DECIMAL(12,8) NOT NULL, col_json")
                    .append(g).append(" JSON NOT NULL");
        }
        return b.append(')').append(TABLE_OPTIONS).toString();
    }

    @Override
    public String wideFill(int n) {
        StringBuilder cols = new StringBuilder("timestamp, level, text");
        StringBuilder vals = new StringBuilder("TIMESTAMP'2026-01-01 00:00:00' + INTERVAL r SECOND, (r % 5 + 1) * 10, "
                + "CONCAT('row ', r, ' of the wide table')");
        for (int g = 1; g <= 4; g++) {
            cols.append(", col_float").append(g).append(", col_smallint").append(g).append(", col_int").append(g)
                    .append(", col_bigint").append(g).append(", col_char").append(g).append(", col_text").append(g)
                    .append(", col_decimal").append(g).append(", col_json").append(g);
            vals.append(", ").append(g).append(" * 1.5 + r * 0.25")
                    .append(", r % 100 + ").append(g)
                    .append(", r * 1000 + ").append(g)
                    .append(", r * 1000000000 + ").append(g)
                    .append(", CONCAT('c").append(g).append("-', r)")
                    .append(", CONCAT('text ").append(g).append(" of row ', r, ' ', REPEAT('x', 40))")
                    .append(", CAST(r * 0.12345678 + ").append(g).append(" AS DECIMAL(12,8))")
                    .append(", JSON_OBJECT('row', r, 'group', ").append(g).append(", 'name', CONCAT('n', r))");
        }
        return "INSERT INTO bench_wide (" + cols + ") SELECT " + vals + " FROM " + series(n);
    }

    @Override
    public String[] relationsDdl() {
        return new String[] {
            "CREATE TABLE IF NOT EXISTS bench_parent (id INT NOT NULL AUTO_INCREMENT PRIMARY KEY, "
                    + "name VARCHAR(255) NOT NULL)" + TABLE_OPTIONS,
            "CREATE TABLE IF NOT EXISTS bench_child (id INT NOT NULL AUTO_INCREMENT PRIMARY KEY, parent_id INT NOT NULL, "
                    + "level SMALLINT NOT NULL, text VARCHAR(255) NOT NULL, FOREIGN KEY (parent_id) "
                    + "REFERENCES bench_parent (id) ON DELETE CASCADE)" + TABLE_OPTIONS,
            "CREATE INDEX IF NOT EXISTS bench_child_parent ON bench_child (parent_id)",
            "CREATE TABLE IF NOT EXISTS bench_item (id INT NOT NULL AUTO_INCREMENT PRIMARY KEY, "
                    + "name VARCHAR(255) NOT NULL)" + TABLE_OPTIONS,
            "CREATE TABLE IF NOT EXISTS bench_tag (id INT NOT NULL AUTO_INCREMENT PRIMARY KEY, "
                    + "name VARCHAR(255) NOT NULL)" + TABLE_OPTIONS,
            "CREATE TABLE IF NOT EXISTS bench_item_tag (item_id INT NOT NULL, tag_id INT NOT NULL, "
                    + "FOREIGN KEY (item_id) REFERENCES bench_item (id) ON DELETE CASCADE, "
                    + "FOREIGN KEY (tag_id) REFERENCES bench_tag (id) ON DELETE CASCADE)" + TABLE_OPTIONS,
            "CREATE UNIQUE INDEX IF NOT EXISTS bench_item_tag_uniq ON bench_item_tag (item_id, tag_id)"};
    }

    @Override
    public String[] relationsFill(Sizes s) {
        return new String[] {
            "INSERT INTO bench_parent (name) SELECT CONCAT('parent ', r) FROM " + series(s.parents()),
            "INSERT INTO bench_child (parent_id, level, text) SELECT r % " + s.parents() + " + 1, r % 50, "
                    + "CONCAT('child ', r) FROM " + series(s.children()),
            "INSERT INTO bench_item (name) SELECT CONCAT('item ', r) FROM " + series(s.items()),
            "INSERT INTO bench_tag (name) SELECT CONCAT('tag ', r) FROM " + series(s.tags()),
            "INSERT IGNORE INTO bench_item_tag (item_id, tag_id) SELECT i.seq, (i.seq * 7 + j.seq * 13) % " + s.tags()
                    + " + 1 FROM seq_1_to_" + s.items() + " i, seq_0_to_" + (s.tagsPerItem() - 1) + " j"};
    }

    @Override
    public String truncate(String table) {
        return "TRUNCATE TABLE " + table;
    }

    @Override
    public String analyze(String table) {
        return "ANALYZE TABLE " + table;
    }

    @Override
    public String narrowState(String table) {
        return "SET STATEMENT group_concat_max_len = 1073741824 FOR SELECT count(*), coalesce(sum(level), 0), "
                + "md5(coalesce(group_concat(CONCAT(id, ':', level, ':', text) ORDER BY id SEPARATOR ','), '')) FROM "
                + table;
    }
}
