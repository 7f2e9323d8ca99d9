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
        assertThat(r.values()).containsExactly(new Integer[] {1, 2, 3}, new String[] {"a", null, "c"});
        assertThat(r.binds().get(0).type()).isEqualTo(Integer[].class);
        assertThat(r.binds().get(1).type()).isEqualTo(String[].class);
        assertThat(rows.array(0)).isSameAs(r.values().get(0));
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

    @Test
    void updateRowsGoAsArraysOnPostgresAndAsAMergeOnH2() {
        ColumnRows.Builder b = ColumnRows.builder(List.of(Integer.class, String.class), List.of(INT, NAME), 2);
        b.set(0, 1).set(1, "a").endRow();
        b.set(0, 2).set(1, null).endRow();
        UpdateRows u = new UpdateRows(EVENT, "id", List.of("name"), b.rows(0, 2).bindRows());
        RenderedSql pg = new SqlRenderer(Dialect.forName("postgres"), 0).render(u);
        assertThat(pg.sql()).isEqualTo("UPDATE \"event\" \"t\" SET \"name\"=\"s\".\"name\" FROM unnest(CAST($1 AS INT[]),"
                + "CAST($2 AS VARCHAR(20)[])) AS \"s\" (\"id\",\"name\") WHERE \"t\".\"id\"=\"s\".\"id\"");
        assertThat(pg.values()).containsExactly(new Integer[] {1, 2}, new String[] {"a", null});
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
}
