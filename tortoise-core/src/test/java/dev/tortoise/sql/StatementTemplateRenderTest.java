package dev.tortoise.sql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tortoise.sql.ast.Assignment;
import dev.tortoise.sql.ast.Binary;
import dev.tortoise.sql.ast.Bind;
import dev.tortoise.sql.ast.BindSlots;
import dev.tortoise.sql.ast.InList;
import dev.tortoise.sql.ast.Junction;
import dev.tortoise.sql.ast.OrderItem;
import dev.tortoise.sql.ast.Select;
import dev.tortoise.sql.ast.SelectItem;
import dev.tortoise.sql.ast.Column;
import dev.tortoise.sql.ast.ColumnType;
import dev.tortoise.sql.ast.Statement;
import dev.tortoise.sql.ast.StatementTemplate;
import dev.tortoise.sql.ast.TableRef;
import dev.tortoise.sql.ast.Update;
import dev.tortoise.sql.dialect.Dialect;
import dev.tortoise.sql.render.RenderedSql;
import dev.tortoise.sql.render.SqlRenderer;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A statement template (slot binds, values bound beside it as an array) renders to the text of the
 * same statement with its values in the tree, its markers' values read through their slots in
 * marker order; its text is written once per renderer.
 */
class StatementTemplateRenderTest {
    private static final TableRef T = new TableRef(null, "item", null);
    private static final ColumnType JSON = ColumnType.of(ColumnType.Kind.JSON);

    /** {@code UPDATE item SET name=?, doc=?, qty=? WHERE id=?}, its binds from {@code bind(slot, value)}. */
    private static Statement update(java.util.function.BiFunction<Integer, Object[], Bind> bind) {
        return new Update(T, List.of(new Assignment("name", bind.apply(2, new Object[] {String.class, null})),
                new Assignment("doc", bind.apply(0, new Object[] {String.class, JSON})),
                new Assignment("qty", bind.apply(3, new Object[] {Integer.class, null}))),
                new Binary(new Column("item", "id"), Binary.Op.EQ, bind.apply(1, new Object[] {Long.class, null})));
    }

    private static Statement withValues(Object[] values) {
        return update((slot, t) -> new Bind(values[slot], (Class<?>) t[0], (ColumnType) t[1]));
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"h2", "postgres", "mariadb"})
    void aTemplateRendersAsTheTreeWithItsValues(String db) {
        Dialect dialect = Dialect.forName(db);
        SqlRenderer cached = new SqlRenderer(dialect);
        SqlRenderer uncached = new SqlRenderer(dialect, 0);
        StatementTemplate template = new StatementTemplate(update((slot, t) -> Bind.slot(slot, (Class<?>) t[0],
                (ColumnType) t[1])), 4);
        for (Object[] values : List.of(new Object[] {"{}", 7L, "a", 3}, new Object[] {"[1]", 8L, null, null})) {
            RenderedSql expected = uncached.render(withValues(values));
            long rendered = cached.renderedCount();
            RenderedSql got = cached.render(template.bind(values));
            assertThat(got.sql()).isEqualTo(expected.sql());
            assertThat(got.values()).containsExactlyElementsOf(expected.values())
                    .containsExactly(values[2], values[0], values[3], values[1]);
            assertThat(got.binds()).extracting(Bind::type).containsExactlyElementsOf(
                    expected.binds().stream().map(Bind::type).toList());
            assertThat(cached.renderInline(template.bind(values)).sql())
                    .isEqualTo(uncached.renderInline(withValues(values)).sql());
            if (Arrays.equals(values, new Object[] {"[1]", 8L, null, null})) {
                // The second execution writes no text: it was kept on the template.
                assertThat(cached.renderedCount()).isEqualTo(rendered);
            }
            assertThat(uncached.render(template.bind(values))).isEqualTo(new RenderedSql(expected.sql(),
                    uncached.render(template.bind(values)).binds(), values));
        }
        assertThat(cached.renderedCount()).isEqualTo(1);
        assertThat(cached.reusedCount()).isEqualTo(1);
        assertThat(cached.cachedShapes()).isZero();
        assertThat(uncached.reusedCount()).isZero();
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"h2", "postgres", "mariadb"})
    void aTemplateRenderedByTwoRenderersKeepsBothTexts(String db) {
        Dialect dialect = Dialect.forName(db);
        SqlRenderer a = new SqlRenderer(dialect);
        SqlRenderer b = new SqlRenderer(dialect);
        StatementTemplate template = new StatementTemplate(update((slot, t) -> Bind.slot(slot, (Class<?>) t[0],
                (ColumnType) t[1])), 4);
        Object[] values = {"{}", 1L, "x", 2};
        for (int i = 0; i < 3; i++) {
            assertThat(a.render(template.bind(values)).values()).containsExactly("x", "{}", 2, 1L);
            assertThat(b.render(template.bind(values)).values()).containsExactly("x", "{}", 2, 1L);
        }
        // Written on each renderer's first use and once more when they first alternate (from then on
        // each takes it from its statement cache), not on every execution.
        assertThat(a.renderedCount()).isEqualTo(2);
        assertThat(b.renderedCount()).isEqualTo(1);
        assertThat(a.cachedShapes()).isEqualTo(1);
        assertThat(b.cachedShapes()).isEqualTo(1);
    }

    /**
     * {@code SELECT id FROM item WHERE name=? AND doc=CAST(? AS JSON) AND id IN (?,...) AND qty=?
     * ORDER BY id LIMIT ? OFFSET ?}, its binds from {@code bind(value, type, columnType)}: slots of a
     * collector or binds carrying values.
     */
    private static Select query(Object[] v, Slotter bind) {
        List<Bind> in = new java.util.ArrayList<>();
        for (Object id : (List<?>) v[2]) {
            in.add(bind.bind(id, Long.class, null));
        }
        Bind name = bind.bind(v[0], String.class, null);
        Bind doc = bind.bind(v[1], String.class, JSON);
        InList inList = new InList(new Column("item", "id"), in, false, Long.class);
        Bind qty = bind.bind(v[3], Integer.class, null);
        return new Select(false, List.of(new SelectItem(new Column("item", "id"), null)), T, List.of(),
                new Junction(true, List.of(new Binary(new Column("item", "name"), Binary.Op.EQ, name),
                        new Binary(new Column("item", "doc"), Binary.Op.EQ, doc), inList,
                        new Binary(new Column("item", "qty"), Binary.Op.EQ, qty))),
                List.of(), null, List.of(new OrderItem(new Column("item", "id"), false)),
                bind.bind(v[4], Long.class, null), bind.bind(v[5], Long.class, null), null);
    }

    @FunctionalInterface
    private interface Slotter {
        Bind bind(Object value, Class<?> type, ColumnType columnType);
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"h2", "postgres", "mariadb"})
    void aSlottedStatementRendersAsTheTreeWithItsValuesAndReusesItsMarkers(String db) {
        Dialect dialect = Dialect.forName(db);
        SqlRenderer cached = new SqlRenderer(dialect);
        SqlRenderer uncached = new SqlRenderer(dialect, 0);
        List<Bind> firstMarkers = null;
        List<Object[]> runs = List.of(new Object[] {"a", "{}", List.of(1L, 2L, 3L), 4, 20L, 0L},
                new Object[] {"b", "[1]", List.of(7L, 8L, 9L), null, 10L, 30L},
                new Object[] {null, "{\"k\": 1}", List.of(5L, 6L, 4L), 2, 1L, 2L});
        for (Object[] v : runs) {
            RenderedSql expected = uncached.render(query(v, Bind::new));
            BindSlots slots = new BindSlots();
            Statement slotted = slots.bound(query(v, slots::add));
            RenderedSql got = cached.render(slotted);
            assertThat(got.sql()).isEqualTo(expected.sql());
            assertThat(got.values()).usingRecursiveFieldByFieldElementComparator()
                    .containsExactlyElementsOf(expected.values());
            assertThat(got.binds()).extracting(Bind::type).containsExactlyElementsOf(
                    expected.binds().stream().map(Bind::type).toList());
            assertThat(cached.renderInline(slotted).sql()).isEqualTo(uncached.renderInline(query(v, Bind::new)).sql());
            assertThat(uncached.render(slotted).sql()).isEqualTo(expected.sql());
            if (firstMarkers == null) {
                firstMarkers = got.binds();
            } else {
                // A hit walks nothing: the markers kept with the text are handed out again.
                assertThat(got.binds()).isSameAs(firstMarkers);
            }
        }
        assertThat(cached.renderedCount()).isEqualTo(1);
        assertThat(cached.reusedCount()).isEqualTo(2);
        assertThat(cached.cachedShapes()).isEqualTo(1);
        if (db.equals("postgres")) {
            // The IN list is one array parameter made of its three slots.
            assertThat(cached.render(slots(runs.get(1))).sql()).contains("\"item\".\"id\"=ANY($3)");
            assertThat(cached.render(slots(runs.get(1))).value(2)).isEqualTo(new Long[] {7L, 8L, 9L});
        } else {
            assertThat(cached.render(slots(runs.get(1))).values()).containsExactly("b", "[1]", 7L, 8L, 9L, null,
                    10L, 30L);
        }
    }

    private static Statement slots(Object[] v) {
        BindSlots slots = new BindSlots();
        return slots.bound(query(v, slots::add));
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"h2", "postgres", "mariadb"})
    void aSlottedStatementWithBindsCarryingValuesCollectsThemByWalking(String db) {
        Dialect dialect = Dialect.forName(db);
        SqlRenderer cached = new SqlRenderer(dialect);
        SqlRenderer uncached = new SqlRenderer(dialect, 0);
        for (Object[] v : List.of(new Object[] {"a", "{}", List.of(1L, 2L), 4, 20L, 0L},
                new Object[] {"b", "[1]", List.of(7L, 8L), 5, 10L, 30L})) {
            // The name and the limit carry their values (a custom expression's Bind.of), the rest are slots.
            BindSlots slots = new BindSlots();
            Slotter mixed = (value, type, ct) -> type == String.class && ct == null || Long.valueOf(20L).equals(value)
                    || Long.valueOf(10L).equals(value) ? new Bind(value, type, ct) : slots.add(value, type, ct);
            Statement slotted = slots.bound(query(v, mixed));
            RenderedSql expected = uncached.render(query(v, Bind::new));
            RenderedSql got = cached.render(slotted);
            assertThat(got.sql()).isEqualTo(expected.sql());
            assertThat(got.values()).usingRecursiveFieldByFieldElementComparator()
                    .containsExactlyElementsOf(expected.values());
        }
        assertThat(cached.renderedCount()).isEqualTo(1);
        assertThat(cached.reusedCount()).isEqualTo(1);
    }

    @org.junit.jupiter.api.Test
    void aCollectorHandsItsValuesOverAndKeepsThemApartAfterwards() {
        BindSlots slots = new BindSlots();
        Bind a = slots.add(1L, null, null);
        Bind b = slots.add(null, Integer.class, null);
        Bind c = slots.add(null);
        assertThat(List.of(a.slot(), b.slot(), c.slot())).containsExactly(0, 1, 2);
        assertThat(List.of(a.type(), b.type(), c.type())).containsExactly(Long.class, Integer.class, String.class);
        Statement first = slots.bound(new Update(T, List.of(new Assignment("qty", b)),
                new Binary(new Column("item", "id"), Binary.Op.EQ, a)));
        slots.add("later");
        Object[] values = ((dev.tortoise.sql.ast.BoundStatement) first).values();
        assertThat(Arrays.copyOf(values, 3)).containsExactly(1L, null, null);
        assertThat(values.length < 4 || values[3] == null).isTrue();
        assertThat(slots.values()).containsExactly(1L, null, null, "later");
        assertThat(new SqlRenderer(Dialect.forName("postgres")).render(first).values()).containsExactly(null, 1L);
        assertThat(new BindSlots().bound(first)).isSameAs(first);
    }
}
