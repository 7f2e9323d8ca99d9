package dev.tortoise.sql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tortoise.sql.ast.Assignment;
import dev.tortoise.sql.ast.Binary;
import dev.tortoise.sql.ast.Bind;
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
}
