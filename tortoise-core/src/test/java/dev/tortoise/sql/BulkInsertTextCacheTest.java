package dev.tortoise.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tortoise.sql.ast.ColumnRows;
import dev.tortoise.sql.ast.ColumnType;
import dev.tortoise.sql.ast.Insert;
import dev.tortoise.sql.ast.TableRef;
import dev.tortoise.sql.dialect.Dialect;
import dev.tortoise.sql.render.RenderedSql;
import dev.tortoise.sql.render.SqlRenderer;
import java.lang.ref.WeakReference;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A bulk insert (rows held as column arrays) takes its text from the renderer's shape cache: kept per
 * table, columns, column types, shared columns and row count, never per value, with its binds made
 * anew for every statement; the kept key holds none of the values. {@code statement-cache-size} 0
 * writes every text. No database is contacted.
 */
class BulkInsertTextCacheTest {
    private static final TableRef NOTE = TableRef.of(null, "note");
    private static final ColumnType INT = ColumnType.of(ColumnType.Kind.INT);
    private static final ColumnType NAME = ColumnType.varchar(20);
    private static final ColumnType STAMP = ColumnType.of(ColumnType.Kind.TIMESTAMP_TZ);
    private static final OffsetDateTime NOW = OffsetDateTime.of(2026, 12, 2, 6, 0, 0, 0, ZoneOffset.UTC);

    /** Rows of (name, n) from parallel lists; the insert reads back "id" as one text where it can. */
    private static Insert insert(List<String> names, List<Integer> ns) {
        ColumnRows.Builder b = ColumnRows.builder(List.of(String.class, Integer.class), List.of(NAME, INT), 1);
        for (int i = 0; i < names.size(); i++) {
            b.set(0, names.get(i)).set(1, ns.get(i)).endRow();
        }
        return new Insert(NOTE, List.of("name", "n"), b.rows(0, b.size()), List.of("id"), null, true);
    }

    /** Rows of (name, stamp) where every row takes the same stamp (bound once on PostgreSQL) when {@code shared}. */
    private static Insert stamped(List<String> names, boolean shared) {
        ColumnRows.Builder b = ColumnRows.builder(List.of(String.class, OffsetDateTime.class), List.of(NAME, STAMP), 1);
        for (int i = 0; i < names.size(); i++) {
            b.set(0, names.get(i));
            if (shared) {
                b.setShared(1, NOW);
            } else {
                b.set(1, NOW.plusSeconds(i));
            }
            b.endRow();
        }
        return new Insert(NOTE, List.of("name", "stamp"), b.rows(0, b.size()), List.of(), null);
    }

    /** What follows PostgreSQL's insert of one integer key ({@link dev.tortoise.testing.ExpectedSql#PG_KEY_TEXT}). */
    private static final String PG_KEYS = dev.tortoise.testing.ExpectedSql.PG_KEY_TEXT;

    private static String expectedSql(String db, int rows) {
        return switch (db) {
            case "postgres" -> "WITH \"i\" AS (INSERT INTO \"note\" (\"name\",\"n\") SELECT * FROM unnest(CAST($1 AS "
                    + "VARCHAR(20)[]),CAST($2 AS INT[])) RETURNING \"id\")" + PG_KEYS;
            case "mariadb" -> "INSERT INTO `note` (`name`,`n`) VALUES " + String.join(",",
                    java.util.Collections.nCopies(rows, "(?,?)")) + " RETURNING `id`";
            default -> {
                StringBuilder values = new StringBuilder();
                for (int r = 0; r < rows; r++) {
                    values.append(r > 0 ? "," : "").append('(').append('$').append(2 * r + 1).append(",$")
                            .append(2 * r + 2).append(')');
                }
                yield "SELECT \"id\" FROM FINAL TABLE (INSERT INTO \"note\" (\"name\",\"n\") VALUES " + values + ")";
            }
        };
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"h2", "postgres", "mariadb"})
    void aSecondInsertOfTheSameShapeTakesTheTextAndBindsItsOwnValues(String db) {
        SqlRenderer cached = new SqlRenderer(Dialect.forName(db));
        RenderedSql first = cached.render(insert(List.of("a", "b\"q", "c"), List.of(1, 2, 3)));
        RenderedSql second = cached.render(insert(List.of("x", "y", "z"), Arrays.asList(7, null, -9)));
        assertThat(first.sql()).isEqualTo(expectedSql(db, 3));
        assertThat(second.sql()).isSameAs(first.sql());
        if (db.equals("postgres")) {
            assertThat(first.values()).containsExactly("{\"a\",\"b\\\"q\",\"c\"}", "{1,2,3}");
            assertThat(second.values()).containsExactly("{\"x\",\"y\",\"z\"}", "{7,NULL,-9}");
        } else {
            assertThat(first.values()).containsExactly("a", 1, "b\"q", 2, "c", 3);
            assertThat(second.values()).containsExactly("x", 7, "y", null, "z", -9);
        }
        assertThat(cached.renderedCount()).isEqualTo(1);
        assertThat(cached.reusedCount()).isEqualTo(1);
        assertThat(cached.cachedShapes()).isEqualTo(1);
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"h2", "postgres", "mariadb"})
    void withCacheSizeZeroEveryInsertIsWrittenWithTheSameTextAndValues(String db) {
        SqlRenderer uncached = new SqlRenderer(Dialect.forName(db), 0);
        SqlRenderer cached = new SqlRenderer(Dialect.forName(db));
        for (int round = 0; round < 3; round++) {
            Insert ins = insert(List.of("r" + round, "s" + round), List.of(round, round + 1));
            RenderedSql a = uncached.render(ins);
            RenderedSql b = cached.render(ins);
            assertThat(a.sql()).isEqualTo(b.sql()).isEqualTo(expectedSql(db, 2));
            assertThat(a.values()).containsExactlyElementsOf(b.values());
        }
        assertThat(uncached.renderedCount()).isEqualTo(3);
        assertThat(uncached.reusedCount()).isZero();
        assertThat(uncached.cachedShapes()).isZero();
        assertThat(cached.renderedCount()).isEqualTo(1);
        assertThat(cached.reusedCount()).isEqualTo(2);
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"h2", "postgres", "mariadb"})
    void otherRowCountsColumnSetsAndSharedColumnsAreShapesOfTheirOwn(String db) {
        SqlRenderer cached = new SqlRenderer(Dialect.forName(db));
        SqlRenderer uncached = new SqlRenderer(Dialect.forName(db), 0);
        List<Insert> inserts = List.of(
                insert(List.of("a", "b"), List.of(1, 2)),
                insert(List.of("a", "b", "c", "d"), List.of(1, 2, 3, 4)),
                stamped(List.of("a", "b", "c"), true),
                stamped(List.of("a", "b", "c"), false),
                // One row: VALUES on every database (PostgreSQL unnests two rows or more).
                insert(List.of("a"), List.of(1)));
        // Twice each, in turn: every shape is written once and then taken from the cache, its values its own.
        for (int round = 0; round < 2; round++) {
            for (Insert ins : inserts) {
                RenderedSql got = cached.render(ins);
                RenderedSql expected = uncached.render(ins);
                assertThat(got.sql()).isEqualTo(expected.sql());
                assertThat(got.values()).containsExactlyElementsOf(expected.values());
                assertThat(got.binds()).containsExactlyElementsOf(expected.binds());
            }
        }
        assertThat(cached.renderedCount()).isEqualTo(5);
        assertThat(cached.reusedCount()).isEqualTo(5);
        assertThat(cached.cachedShapes()).isEqualTo(5);
        RenderedSql shared = uncached.render(inserts.get(2));
        RenderedSql perRow = uncached.render(inserts.get(3));
        if (db.equals("postgres")) {
            assertThat(uncached.render(inserts.get(1)).sql()).isEqualTo(expectedSql(db, 4));
            assertThat(shared.sql()).isEqualTo("INSERT INTO \"note\" (\"name\",\"stamp\") SELECT \"s\".\"name\","
                    + "CAST($1 AS TIMESTAMPTZ) FROM unnest(CAST($2 AS VARCHAR(20)[])) AS \"s\" (\"name\")");
            assertThat(shared.values()).containsExactly(NOW, "{\"a\",\"b\",\"c\"}");
            assertThat(perRow.sql()).isEqualTo("INSERT INTO \"note\" (\"name\",\"stamp\") SELECT * FROM "
                    + "unnest(CAST($1 AS VARCHAR(20)[]),CAST($2 AS TIMESTAMPTZ[]))");
            assertThat(uncached.render(inserts.get(4)).sql()).isEqualTo("WITH \"i\" AS (INSERT INTO \"note\" "
                    + "(\"name\",\"n\") VALUES ($1,$2) RETURNING \"id\")" + PG_KEYS);
        } else {
            assertThat(uncached.render(inserts.get(1)).sql()).isEqualTo(expectedSql(db, 4));
            assertThat(shared.sql()).isEqualTo(perRow.sql());
            assertThat(shared.values()).containsExactly("a", NOW, "b", NOW, "c", NOW);
        }
    }

    @Test
    void aThousandRowInsertIsKeptOnPostgresWhereItHasTwoBindsNotOnMariaDbWithTwoThousand() {
        List<String> names = new ArrayList<>();
        List<Integer> ns = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            names.add("n" + i);
            ns.add(i);
        }
        for (String db : List.of("postgres", "mariadb")) {
            SqlRenderer cached = new SqlRenderer(Dialect.forName(db));
            cached.render(insert(names, ns));
            RenderedSql again = cached.render(insert(names, ns));
            assertThat(again.binds()).as(db).hasSize(db.equals("postgres") ? 2 : 2000);
            assertThat(cached.renderedCount()).as(db).isEqualTo(db.equals("postgres") ? 1 : 2);
            assertThat(cached.cachedShapes()).as(db).isEqualTo(db.equals("postgres") ? 1 : 0);
        }
    }

    @Test
    void theKeptShapeHoldsNoValueOfTheInsertItWasTakenFrom() throws InterruptedException {
        SqlRenderer cached = new SqlRenderer(Dialect.forName("postgres"));
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            names.add(new String("kept?" + i));
        }
        WeakReference<String> value = new WeakReference<>(names.get(1));
        RenderedSql first = cached.render(insert(names, List.of(1, 2, 3)));
        assertThat(first.values()).containsExactly("{\"kept?0\",\"kept?1\",\"kept?2\"}", "{1,2,3}");
        names = null;
        first = null;
        for (int i = 0; i < 50 && value.get() != null; i++) {
            System.gc();
            Thread.sleep(10);
        }
        assertThat(value.get()).as("a value of the insert whose shape is kept").isNull();
        assertThat(cached.cachedShapes()).isEqualTo(1);
        assertThat(cached.render(insert(List.of("p", "q", "r"), List.of(4, 5, 6))).values())
                .containsExactly("{\"p\",\"q\",\"r\"}", "{4,5,6}");
        assertThat(cached.reusedCount()).isEqualTo(1);
    }

    @Test
    void aShapeEqualsItsRowsAndCannotBeBound() {
        Insert ins = stamped(List.of("a", "b"), true);
        ColumnRows rows = (ColumnRows) ins.rows();
        ColumnRows shape = rows.shape();
        assertThat(shape).isEqualTo(rows).hasSameHashCodeAs(rows).hasSize(2);
        assertThat(shape.shape()).isSameAs(shape);
        assertThat(shape.value(1, 0)).isNull();
        assertThat(shape.get(0)).isEqualTo(rows.get(0));
        assertThat(ins.withRows(shape)).isEqualTo(ins);
        assertThatThrownBy(() -> shape.array(0)).isInstanceOf(IllegalStateException.class)
                .hasMessage("rows taken as a statement's shape hold no values");
        assertThatThrownBy(() -> shape.sharedValue(1)).isInstanceOf(IllegalStateException.class)
                .hasMessage("rows taken as a statement's shape hold no values");
    }
}
