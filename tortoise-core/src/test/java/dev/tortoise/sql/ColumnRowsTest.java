package dev.tortoise.sql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tortoise.sql.ast.Bind;
import dev.tortoise.sql.ast.ColumnRows;
import dev.tortoise.sql.ast.ColumnType;
import dev.tortoise.sql.ast.Expr;
import dev.tortoise.sql.ast.Insert;
import dev.tortoise.sql.ast.TableRef;
import dev.tortoise.sql.ast.UpdateRows;
import dev.tortoise.sql.dialect.Dialect;
import dev.tortoise.sql.render.RenderedSql;
import dev.tortoise.sql.render.SqlRenderer;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Rows held as one array per column render as the same rows given as binds would (VALUES, MERGE),
 * and as those arrays themselves where PostgreSQL binds rows as arrays. No database is contacted.
 */
class ColumnRowsTest {
    private static final TableRef EVENT = TableRef.of(null, "event");
    private static final ColumnType INT = ColumnType.of(ColumnType.Kind.INT);
    private static final ColumnType NAME = ColumnType.varchar(20);
    private static final List<String> COLUMNS = List.of("id", "name");

    private static ColumnRows.Builder builder(int capacity) {
        return ColumnRows.builder(List.of(Integer.class, String.class), List.of(INT, NAME), capacity);
    }

    /** Rows (1, "a"), (2, null), (3, "c"), built from a capacity of 1 (so the arrays grow). */
    private static ColumnRows.Builder threeRows() {
        ColumnRows.Builder b = builder(1);
        b.set(0, 1).set(1, "a").endRow();
        b.set(0, 2).set(1, null).endRow();
        b.set(0, 3).set(1, "c").endRow();
        return b;
    }

    private static List<List<Expr>> asBinds(ColumnRows rows) {
        List<List<Expr>> all = List.of(
                List.of(new Bind(1, Integer.class, INT), new Bind("a", String.class, NAME)),
                List.of(new Bind(2, Integer.class, INT), new Bind(null, String.class, NAME)),
                List.of(new Bind(3, Integer.class, INT), new Bind("c", String.class, NAME)));
        return all.subList(0, rows.size());
    }

    private static RenderedSql render(String dialect, Insert insert) {
        return new SqlRenderer(Dialect.forName(dialect), 0).render(insert);
    }

    @Test
    void postgresBindsEachColumnArrayAsItIs() {
        ColumnRows rows = threeRows().rows(0, 3);
        RenderedSql r = render("postgres", new Insert(EVENT, COLUMNS, rows, List.of("id"), null));
        assertThat(r.sql()).isEqualTo("INSERT INTO \"event\" (\"id\",\"name\") SELECT * FROM unnest(CAST($1 AS INT[]),"
                + "CAST($2 AS VARCHAR(20)[])) RETURNING \"id\"");
        // Integer and text columns go as the text of their array (the driver encodes String[] element by element).
        assertThat(r.values()).containsExactly("{1,2,3}", "{\"a\",NULL,\"c\"}");
        assertThat(r.binds().get(0).type()).isEqualTo(String.class);
        assertThat(r.binds().get(1).type()).isEqualTo(String.class);
        // The same rows given as binds render alike (the arrays then built from the cells).
        RenderedSql plain = render("postgres", new Insert(EVENT, COLUMNS, asBinds(rows), List.of("id"), null));
        assertThat(plain.sql()).isEqualTo(r.sql());
        assertThat(plain.values()).containsExactlyElementsOf(r.values());
    }

    @Test
    void valuesDialectsReadTheRowsAsBinds() {
        ColumnRows rows = threeRows().rows(0, 3);
        for (String dialect : List.of("h2", "mariadb")) {
            String values = dialect.equals("h2") ? "VALUES ($1,$2),($3,$4),($5,$6)" : "VALUES (?,?),(?,?),(?,?)";
            RenderedSql r = render(dialect, new Insert(EVENT, COLUMNS, rows, List.of(), null));
            RenderedSql plain = render(dialect, new Insert(EVENT, COLUMNS, asBinds(rows), List.of(), null));
            assertThat(r.sql()).as(dialect).isEqualTo(plain.sql()).endsWith(values);
            assertThat(r.values()).as(dialect).containsExactly(1, "a", 2, null, 3, "c");
            assertThat(r.binds()).as(dialect).extracting(Bind::type)
                    .containsExactly(Integer.class, String.class, Integer.class, String.class, Integer.class,
                            String.class);
            assertThat(r.binds()).as(dialect).extracting(Bind::columnType).containsExactly(INT, NAME, INT, NAME, INT,
                    NAME);
        }
    }

    @Test
    void aSingleRowStaysAValuesRowOnPostgres() {
        ColumnRows.Builder b = builder(4);
        b.set(0, 7).set(1, "x").endRow();
        RenderedSql r = render("postgres", new Insert(EVENT, COLUMNS, b.rows(0, 1), List.of(), null));
        assertThat(r.sql()).isEqualTo("INSERT INTO \"event\" (\"id\",\"name\") VALUES ($1,$2)");
        assertThat(r.values()).containsExactly(7, "x");
    }

    @Test
    void aColumnWithAValueOfAnotherClassGoesAsValuesRows() {
        ColumnRows.Builder b = builder(2);
        b.set(0, 1).set(1, "a").endRow();
        b.set(0, 2L).set(1, "b").endRow();
        ColumnRows rows = b.rows(0, 2);
        assertThat(rows.array(0)).isNull();
        assertThat(rows.array(1)).containsExactly("a", "b");
        RenderedSql r = render("postgres", new Insert(EVENT, COLUMNS, rows, List.of(), null));
        assertThat(r.sql()).isEqualTo("INSERT INTO \"event\" (\"id\",\"name\") VALUES ($1,$2),($3,$4)");
        assertThat(r.values()).containsExactly(1, "a", 2L, "b");
    }

    @Test
    void rangesAreSlicesThatLaterRowsDoNotChange() {
        ColumnRows.Builder b = threeRows();
        ColumnRows first = b.rows(0, 2);
        ColumnRows last = b.rows(2, 3);
        ColumnRows all = b.rows(0, 3);
        b.set(0, 4).set(1, "d").endRow();
        assertThat(first.array(0)).isInstanceOf(Integer[].class).containsExactly(1, 2);
        assertThat(last.array(1)).isInstanceOf(String[].class).containsExactly("c");
        assertThat(all.array(0)).containsExactly(1, 2, 3);
        assertThat(b.rows(0, 4).array(1)).containsExactly("a", null, "c", "d");
        assertThat(all.get(1)).containsExactly(new Bind(2, Integer.class, INT), new Bind(null, String.class, NAME));
        assertThat(all.value(2, 1)).isEqualTo("c");
    }

    @Test
    void equalityAndHashAreTheListOfBindsRows() {
        ColumnRows rows = threeRows().rows(0, 3);
        List<List<Expr>> plain = asBinds(rows);
        assertThat(rows).isEqualTo(plain);
        assertThat(plain).isEqualTo(rows);
        assertThat(rows.hashCode()).isEqualTo(plain.hashCode());
        // Another ColumnRows of the same shape is equal whatever its values; another size is not.
        ColumnRows.Builder other = builder(3);
        for (int i = 0; i < 3; i++) {
            other.set(0, 10 + i).set(1, "z").endRow();
        }
        assertThat(other.rows(0, 3)).isEqualTo(rows).hasSameHashCodeAs(rows);
        assertThat(other.rows(0, 2)).isNotEqualTo(rows);
    }

    private static final ColumnType AT = ColumnType.of(ColumnType.Kind.TIMESTAMP_TZ);
    private static final java.time.OffsetDateTime NOW = java.time.OffsetDateTime.parse("2024-05-06T07:08:09Z");
    private static final List<String> STAMPED = List.of("id", "at", "name");

    /** Rows (1, NOW, "a"), (2, NOW, null), (3, NOW, "c"), the middle column set once for all of them. */
    private static ColumnRows.Builder stamped(int capacity) {
        ColumnRows.Builder b = ColumnRows.builder(List.of(Integer.class, java.time.OffsetDateTime.class,
                String.class), List.of(INT, AT, NAME), capacity);
        b.set(0, 1).setShared(1, NOW).set(2, "a").endRow();
        b.set(0, 2).setShared(1, NOW).set(2, null).endRow();
        b.set(0, 3).setShared(1, NOW).set(2, "c").endRow();
        return b;
    }

    private static List<List<Expr>> stampedBinds() {
        List<List<Expr>> rows = new java.util.ArrayList<>();
        for (List<Expr> row : asBinds(threeRows().rows(0, 3))) {
            rows.add(List.of(row.get(0), new Bind(NOW, java.time.OffsetDateTime.class, AT), row.get(1)));
        }
        return rows;
    }

    @Test
    void aSharedColumnIsBoundOnceOnPostgresInTheColumnOrder() {
        ColumnRows rows = stamped(1).rows(0, 3);
        assertThat(rows.shared(1)).isTrue();
        assertThat(rows.shared(0)).isFalse();
        assertThat(rows.sharedValue(1)).isSameAs(NOW);
        RenderedSql r = render("postgres", new Insert(EVENT, STAMPED, rows, List.of("id"), null));
        assertThat(r.sql()).isEqualTo("INSERT INTO \"event\" (\"id\",\"at\",\"name\") SELECT \"s\".\"id\","
                + "CAST($1 AS TIMESTAMPTZ),\"s\".\"name\" FROM unnest(CAST($2 AS INT[]),CAST($3 AS VARCHAR(20)[])) "
                + "AS \"s\" (\"id\",\"name\") RETURNING \"id\"");
        assertThat(r.values()).containsExactly(NOW, "{1,2,3}", "{\"a\",NULL,\"c\"}");
        assertThat(r.binds().get(0).type()).isEqualTo(java.time.OffsetDateTime.class);
        // Every row still reads the shared value, for the VALUES dialects and the array on demand.
        assertThat(rows.value(2, 1)).isSameAs(NOW);
        assertThat(rows.array(1)).isInstanceOf(java.time.OffsetDateTime[].class).containsExactly(NOW, NOW, NOW);
        assertThat(rows).containsExactlyElementsOf(stampedBinds());
        // The same rows as plain binds (no column known to be shared) go as arrays, as before.
        RenderedSql plain = render("postgres", new Insert(EVENT, STAMPED, stampedBinds(), List.of("id"), null));
        assertThat(plain.sql()).isEqualTo("INSERT INTO \"event\" (\"id\",\"at\",\"name\") SELECT * FROM "
                + "unnest(CAST($1 AS INT[]),CAST($2 AS TIMESTAMPTZ[]),CAST($3 AS VARCHAR(20)[])) RETURNING \"id\"");
        // A range of the rows shares the column too.
        RenderedSql part = render("postgres", new Insert(EVENT, STAMPED, stamped(3).rows(1, 3), List.of(), null));
        assertThat(part.sql()).isEqualTo("INSERT INTO \"event\" (\"id\",\"at\",\"name\") SELECT \"s\".\"id\","
                + "CAST($1 AS TIMESTAMPTZ),\"s\".\"name\" FROM unnest(CAST($2 AS INT[]),CAST($3 AS VARCHAR(20)[])) "
                + "AS \"s\" (\"id\",\"name\")");
        assertThat(part.values()).containsExactly(NOW, "{2,3}", "{NULL,\"c\"}");
    }

    @Test
    void valuesDialectsRenderSharedColumnsAsEveryRowsValue() {
        ColumnRows rows = stamped(3).rows(0, 3);
        for (String dialect : List.of("h2", "mariadb")) {
            RenderedSql r = render(dialect, new Insert(EVENT, STAMPED, rows, List.of(), null));
            RenderedSql plain = render(dialect, new Insert(EVENT, STAMPED, stampedBinds(), List.of(), null));
            assertThat(r.sql()).as(dialect).isEqualTo(plain.sql());
            assertThat(r.values()).as(dialect).containsExactly(1, NOW, "a", 2, NOW, null, 3, NOW, "c");
            assertThat(r.binds()).as(dialect).containsExactlyElementsOf(plain.binds());
        }
        // A single row stays a VALUES row on PostgreSQL too.
        RenderedSql one = render("postgres", new Insert(EVENT, STAMPED, stamped(3).rows(0, 1), List.of(), null));
        assertThat(one.sql()).isEqualTo("INSERT INTO \"event\" (\"id\",\"at\",\"name\") VALUES ($1,$2,$3)");
        assertThat(one.values()).containsExactly(1, NOW, "a");
    }

    @Test
    void aRowWithItsOwnValueMakesASharedColumnOrdinary() {
        java.time.OffsetDateTime own = NOW.plusDays(1);
        ColumnRows.Builder b = ColumnRows.builder(List.of(Integer.class, java.time.OffsetDateTime.class),
                List.of(INT, AT), 1);
        b.set(0, 1).setShared(1, NOW).endRow();
        b.set(0, 2).setShared(1, NOW).endRow();
        ColumnRows before = b.rows(0, 2);
        b.set(0, 3).set(1, own).endRow();
        b.set(0, 4).setShared(1, NOW).endRow();
        ColumnRows rows = b.rows(0, 4);
        assertThat(rows.shared(1)).isFalse();
        assertThat(rows.anyShared()).isFalse();
        assertThat(rows.array(1)).isInstanceOf(java.time.OffsetDateTime[].class).containsExactly(NOW, NOW, own, NOW);
        // Rows handed out earlier keep their shape.
        assertThat(before.shared(1)).isTrue();
        assertThat(before.array(1)).containsExactly(NOW, NOW);
        RenderedSql r = render("postgres", new Insert(EVENT, List.of("id", "at"), rows, List.of(), null));
        assertThat(r.sql()).isEqualTo("INSERT INTO \"event\" (\"id\",\"at\") SELECT * FROM unnest(CAST($1 AS INT[]),"
                + "CAST($2 AS TIMESTAMPTZ[]))");
        // A row set first with its own value: the column is ordinary from the start.
        ColumnRows.Builder c = ColumnRows.builder(List.of(Integer.class, java.time.OffsetDateTime.class),
                List.of(INT, AT), 2);
        c.set(0, 1).set(1, own).endRow();
        c.set(0, 2).setShared(1, NOW).endRow();
        assertThat(c.rows(0, 2).shared(1)).isFalse();
        assertThat(c.rows(0, 2).array(1)).containsExactly(own, NOW);
        // The shared value is one object: another is the caller's mistake, not a value to compare.
        ColumnRows.Builder d = ColumnRows.builder(List.of(java.time.OffsetDateTime.class), List.of(AT), 2);
        d.setShared(0, NOW).endRow();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> d.setShared(0, NOW.plusSeconds(0).withNano(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("column 0 was shared with another value");
    }

    @Test
    void aSharedColumnMadeOrdinaryPastTheCapacityKeepsEveryRowsValueAndNoRowsAreEmptyTypedArrays() {
        java.time.OffsetDateTime own = NOW.plusDays(1);
        ColumnRows.Builder b = ColumnRows.builder(List.of(Integer.class, java.time.OffsetDateTime.class),
                List.of(INT, AT), 100);
        for (int i = 0; i < 99; i++) {
            b.set(0, i).setShared(1, NOW).endRow();
        }
        b.set(0, 99).set(1, own).endRow();
        b.set(0, 100).setShared(1, NOW).endRow();
        ColumnRows rows = b.rows(0, 101);
        assertThat(rows.shared(1)).isFalse();
        Object[] at = rows.array(1);
        assertThat(at).isInstanceOf(java.time.OffsetDateTime[].class).hasSize(101);
        for (int i = 0; i < 101; i++) {
            assertThat(at[i]).as("row " + i).isSameAs(i == 99 ? own : NOW);
        }
        Object[] ids = rows.array(0);
        assertThat(ids).isInstanceOf(Integer[].class).hasSize(101);
        for (int i = 0; i < 101; i++) {
            assertThat(ids[i]).isEqualTo(i);
        }
        ColumnRows none = ColumnRows.builder(List.of(Integer.class, java.time.OffsetDateTime.class),
                List.of(INT, AT), 10).rows(0, 0);
        assertThat(none.size()).isZero();
        assertThat(none.array(0)).isInstanceOf(Integer[].class).isEmpty();
        assertThat(none.array(1)).isInstanceOf(java.time.OffsetDateTime[].class).isEmpty();
    }

    @Test
    void onlySharedColumnsGoAsArraysOfTheirValue() {
        ColumnRows.Builder b = ColumnRows.builder(List.of(java.time.OffsetDateTime.class), List.of(AT), 2);
        b.setShared(0, NOW).endRow();
        b.setShared(0, NOW).endRow();
        RenderedSql r = render("postgres", new Insert(EVENT, List.of("at"), b.rows(0, 2), List.of(), null));
        assertThat(r.sql()).isEqualTo("INSERT INTO \"event\" (\"at\") SELECT * FROM unnest(CAST($1 AS TIMESTAMPTZ[]))");
        assertThat(r.values()).containsExactly((Object) new java.time.OffsetDateTime[] {NOW, NOW});
    }

    @Test
    void sharedColumnsAreNoPlainRowsEqual() {
        ColumnRows rows = stamped(3).rows(0, 3);
        ColumnRows.Builder other = stamped(3);
        assertThat(other.rows(0, 3)).isEqualTo(rows).hasSameHashCodeAs(rows);
        // The same rows not shared, or as plain binds, render another text: not equal, another hash.
        ColumnRows.Builder plainBuilder = ColumnRows.builder(List.of(Integer.class, java.time.OffsetDateTime.class,
                String.class), List.of(INT, AT, NAME), 3);
        for (List<Expr> row : stampedBinds()) {
            for (int c = 0; c < 3; c++) {
                plainBuilder.set(c, ((Bind) row.get(c)).value());
            }
            plainBuilder.endRow();
        }
        ColumnRows notShared = plainBuilder.rows(0, 3);
        assertThat(rows).isNotEqualTo(notShared).isNotEqualTo(stampedBinds());
        assertThat(rows.hashCode()).isNotEqualTo(notShared.hashCode());
        assertThat(notShared).isEqualTo(stampedBinds()).hasSameHashCodeAs(stampedBinds());
        // A plain list equals the shared rows element by element; the statements holding them are unequal both ways.
        assertThat(stampedBinds()).isEqualTo(rows);
        List<String> cols = List.of("id", "at", "name");
        Insert shared = new Insert(EVENT, cols, rows, List.of(), null);
        Insert plain = new Insert(EVENT, cols, stampedBinds(), List.of(), null);
        assertThat(plain).isNotEqualTo(shared);
        assertThat(shared).isNotEqualTo(plain);
        assertThat(new Insert(EVENT, cols, other.rows(0, 3), List.of(), null)).isEqualTo(shared)
                .hasSameHashCodeAs(shared);
        assertThat(new Insert(EVENT, cols, notShared, List.of(), null)).isEqualTo(plain).hasSameHashCodeAs(plain);
    }

    @Test
    void updateRowsGoAsArraysOnPostgresAndAsAMergeOnH2() {
        ColumnRows.Builder b = ColumnRows.builder(List.of(Integer.class, String.class), List.of(INT, NAME), 2);
        b.set(0, 1).set(1, "a").endRow();
        b.set(0, 2).set(1, null).endRow();
        UpdateRows u = new UpdateRows(EVENT, "id", List.of("name"), b.rows(0, 2).bindRows());
        RenderedSql pg = new SqlRenderer(Dialect.forName("postgres"), 0).render(u);
        assertThat(pg.sql()).isEqualTo("UPDATE \"event\" \"t\" SET \"name\"=\"s\".\"name\" FROM unnest(CAST($1 AS INT[]),"
                + "CAST($2 AS VARCHAR(20)[])) AS \"s\" (\"id\",\"name\") WHERE \"t\".\"id\"=\"s\".\"id\"");
        assertThat(pg.values()).containsExactly("{1,2}", "{\"a\",NULL}");
        UpdateRows plain = new UpdateRows(EVENT, "id", List.of("name"), List.of(
                List.of(new Bind(1, Integer.class, INT), new Bind("a", String.class, NAME)),
                List.of(new Bind(2, Integer.class, INT), new Bind(null, String.class, NAME))));
        RenderedSql h2 = new SqlRenderer(Dialect.forName("h2"), 0).render(u);
        RenderedSql h2Plain = new SqlRenderer(Dialect.forName("h2"), 0).render(plain);
        assertThat(h2.sql()).isEqualTo(h2Plain.sql()).isEqualTo("MERGE INTO \"event\" \"t\" USING (VALUES "
                + "(CAST($1 AS INT),CAST($2 AS VARCHAR(20))),(CAST($3 AS INT),CAST($4 AS VARCHAR(20)))) \"s\" "
                + "(\"id\",\"name\") ON \"t\".\"id\"=\"s\".\"id\" WHEN MATCHED THEN UPDATE SET \"name\"=\"s\".\"name\"");
        assertThat(h2.values()).containsExactly(1, "a", 2, null);
        assertThat(new SqlRenderer(Dialect.forName("postgres"), 0).render(plain).sql()).isEqualTo(pg.sql());
    }

    @Test
    void updateRowsGoAsAJoinAgainstTheirValuesOnMariaDbAsTheSameRowsOfBindsWould() {
        ColumnRows.Builder b = ColumnRows.builder(List.of(Integer.class, String.class), List.of(INT, NAME), 2);
        b.set(0, 1).set(1, "a").endRow();
        b.set(0, 2).set(1, null).endRow();
        UpdateRows u = new UpdateRows(EVENT, "id", List.of("name"), b.rows(0, 2).bindRows());
        UpdateRows plain = new UpdateRows(EVENT, "id", List.of("name"), List.of(
                List.of(new Bind(1, Integer.class, INT), new Bind("a", String.class, NAME)),
                List.of(new Bind(2, Integer.class, INT), new Bind(null, String.class, NAME))));
        RenderedSql maria = new SqlRenderer(Dialect.forName("mariadb"), 0).render(u);
        RenderedSql mariaPlain = new SqlRenderer(Dialect.forName("mariadb"), 0).render(plain);
        assertThat(maria.sql()).isEqualTo(mariaPlain.sql()).isEqualTo("UPDATE `event` `t` JOIN (SELECT ? AS `id`,"
                + "? AS `name` UNION ALL SELECT ?,?) `s` ON `t`.`id`=`s`.`id` SET `t`.`name`=`s`.`name`");
        assertThat(maria.values()).containsExactly(1, "a", 2, null);
        assertThat(maria.binds()).containsExactlyElementsOf(mariaPlain.binds());
        assertThat(maria.binds()).extracting(Bind::columnType).containsExactly(INT, NAME, INT, NAME);
    }
}
