package dev.tortoise.bench;

import io.r2dbc.spi.Statement;
import java.util.List;

/** PostgreSQL's raw SQL: {@code $n} markers, arrays bound as one value, {@code generate_series} fills. */
final class PostgresSql implements RawSql {
    @Override
    public String q(String template) {
        return template;
    }

    @Override
    public String inList(String column, int marker, int n) {
        return column + " = ANY($" + marker + ")";
    }

    @Override
    public void bindInList(Statement st, int index, Integer[] values) {
        st.bind(index, values);
    }

    @Override
    public List<String> bulkInsertMethods() {
        return List.of("values", "unnest", "copy");
    }

    @Override
    public String[] narrowDdl(String table) {
        return new String[] {
            "CREATE TABLE IF NOT EXISTS " + table + " (id SERIAL NOT NULL PRIMARY KEY, timestamp TIMESTAMPTZ NOT NULL, "
                    + "level SMALLINT NOT NULL, text VARCHAR(255) NOT NULL)",
            "CREATE INDEX IF NOT EXISTS " + table + "_level ON " + table + " (level)",
            "CREATE INDEX IF NOT EXISTS " + table + "_text ON " + table + " (text)"};
    }

    @Override
    public String narrowFill(String table, int n, String levelExpr) {
        return "INSERT INTO " + table + " (timestamp, level, text) SELECT TIMESTAMPTZ '2026-01-01 00:00:00+00' + "
                + "r * INTERVAL '1 second', " + (levelExpr == null ? "(r % 5 + 1) * 10" : levelExpr)
                + ", 'row ' || r || ' of " + table + "' FROM generate_series(1, " + n + ") r";
    }

    @Override
    public String wideDdl() {
        return WIDE_DDL;
    }

    private static final String WIDE_DDL = "CREATE TABLE IF NOT EXISTS bench_wide (id SERIAL NOT NULL PRIMARY KEY, timestamp TIMESTAMPTZ NOT NULL, level SMALLINT NOT NULL, text VARCHAR(255) NOT NULL, col_float1 DOUBLE PRECISION NOT NULL, col_smallint1 SMALLINT NOT NULL, col_int1 INT NOT NULL, col_bigint1 BIGINT NOT NULL, col_char1 VARCHAR(255) NOT NULL, col_text1 TEXT NOT NULL, col_decimal1 DECIMAL(12,8) NOT NULL, col_json1 JSONB NOT NULL, col_float2 DOUBLE PRECISION NOT NULL, col_smallint2 SMALLINT NOT NULL, col_int2 INT NOT NULL, col_bigint2 BIGINT NOT NULL, col_char2 VARCHAR(255) NOT NULL, col_text2 TEXT NOT NULL, col_decimal2 DECIMAL(12,8) NOT NULL, col_json2 JSONB NOT NULL, col_float3 DOUBLE PRECISION NOT NULL, col_smallint3 SMALLINT NOT NULL, col_int3 INT NOT NULL, col_bigint3 BIGINT NOT NULL, col_char3 VARCHAR(255) NOT NULL, col_text3 TEXT NOT NULL, col_decimal3 DECIMAL(12,8) NOT NULL, col_json3 JSONB NOT NULL, col_float4 DOUBLE PRECISION NOT NULL, col_smallint4 SMALLINT NOT NULL, col_int4 INT NOT NULL, col_bigint4 BIGINT NOT NULL, col_char4 VARCHAR(255) NOT NULL, col_text4 TEXT NOT NULL, col_decimal4 DECIMAL(12,8) NOT NULL, col_json4 JSONB NOT NULL)";

    @Override
    public String wideFill(int n) {
        return ("INSERT INTO bench_wide (timestamp, level, text, col_float1, col_smallint1, col_int1, col_bigint1, col_char1, col_text1, col_decimal1, col_json1, col_float2, col_smallint2, col_int2, col_bigint2, col_char2, col_text2, col_decimal2, col_json2, col_float3, col_smallint3, col_int3, col_bigint3, col_char3, col_text3, col_decimal3, col_json3, col_float4, col_smallint4, col_int4, col_bigint4, col_char4, col_text4, col_decimal4, col_json4) SELECT TIMESTAMPTZ '2026-01-01 00:00:00+00' + r * INTERVAL '1 second', (r % 5 + 1) * 10, 'row ' || r || ' of the wide table', 1 * 1.5 + r * 0.25, (r % 100 + 1)::smallint, r * 1000 + 1, r::bigint * 1000000000 + 1, 'c1-' || r, 'text 1 of row ' || r || ' ' || repeat('x', 40), (r * 0.12345678 + 1)::decimal(12,8), jsonb_build_object('row', r, 'group', 1, 'name', 'n' || r), 2 * 1.5 + r * 0.25, (r % 100 + 2)::smallint, r * 1000 + 2, r::bigint * 1000000000 + 2, 'c2-' || r, 'text 2 of row ' || r || ' ' || repeat('x', 40), (r * 0.12345678 + 2)::decimal(12,8), jsonb_build_object('row', r, 'group', 2, 'name', 'n' || r), 3 * 1.5 + r * 0.25, (r % 100 + 3)::smallint, r * 1000 + 3, r::bigint * 1000000000 + 3, 'c3-' || r, 'text 3 of row ' || r || ' ' || repeat('x', 40), (r * 0.12345678 + 3)::decimal(12,8), jsonb_build_object('row', r, 'group', 3, 'name', 'n' || r), 4 * 1.5 + r * 0.25, (r % 100 + 4)::smallint, r * 1000 + 4, r::bigint * 1000000000 + 4, 'c4-' || r, 'text 4 of row ' || r || ' ' || repeat('x', 40), (r * 0.12345678 + 4)::decimal(12,8), jsonb_build_object('row', r, 'group', 4, 'name', 'n' || r) FROM generate_series(1, N) r").replace("generate_series(1, N)", "generate_series(1, " + n + ")");
    }

    @Override
    public String[] relationsDdl() {
        return new String[] {
            "CREATE TABLE IF NOT EXISTS bench_parent (id SERIAL NOT NULL PRIMARY KEY, name VARCHAR(255) NOT NULL)",
            "CREATE TABLE IF NOT EXISTS bench_child (id SERIAL NOT NULL PRIMARY KEY, parent_id INT NOT NULL "
                    + "REFERENCES bench_parent (id) ON DELETE CASCADE, level SMALLINT NOT NULL, text VARCHAR(255) NOT NULL)",
            "CREATE INDEX IF NOT EXISTS bench_child_parent ON bench_child (parent_id)",
            "CREATE TABLE IF NOT EXISTS bench_item (id SERIAL NOT NULL PRIMARY KEY, name VARCHAR(255) NOT NULL)",
            "CREATE TABLE IF NOT EXISTS bench_tag (id SERIAL NOT NULL PRIMARY KEY, name VARCHAR(255) NOT NULL)",
            "CREATE TABLE IF NOT EXISTS bench_item_tag (item_id INT NOT NULL REFERENCES bench_item (id) ON DELETE CASCADE, "
                    + "tag_id INT NOT NULL REFERENCES bench_tag (id) ON DELETE CASCADE)",
            "CREATE UNIQUE INDEX IF NOT EXISTS bench_item_tag_uniq ON bench_item_tag (item_id, tag_id)"};
    }

    @Override
    public String[] relationsFill(Sizes s) {
        return new String[] {
            "INSERT INTO bench_parent (name) SELECT 'parent ' || r FROM generate_series(1, " + s.parents() + ") r",
            "INSERT INTO bench_child (parent_id, level, text) SELECT r % " + s.parents() + " + 1, r % 50, "
                    + "'child ' || r FROM generate_series(1, " + s.children() + ") r",
            "INSERT INTO bench_item (name) SELECT 'item ' || r FROM generate_series(1, " + s.items() + ") r",
            "INSERT INTO bench_tag (name) SELECT 'tag ' || r FROM generate_series(1, " + s.tags() + ") r",
            "INSERT INTO bench_item_tag (item_id, tag_id) SELECT i, (i * 7 + j * 13) % " + s.tags() + " + 1 "
                    + "FROM generate_series(1, " + s.items() + ") i, generate_series(0, " + (s.tagsPerItem() - 1)
                    + ") j ON CONFLICT DO NOTHING"};
    }

    @Override
    public String truncate(String table) {
        return "TRUNCATE " + table + " RESTART IDENTITY";
    }

    @Override
    public String analyze(String table) {
        return "ANALYZE " + table;
    }

    @Override
    public String narrowState(String table) {
        return "SELECT count(*), coalesce(sum(level), 0), md5(coalesce(string_agg(id || ':' || level "
                + "|| ':' || text, ',' ORDER BY id), '')) FROM " + table;
    }
}
