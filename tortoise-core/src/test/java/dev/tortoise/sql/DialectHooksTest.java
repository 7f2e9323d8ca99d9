package dev.tortoise.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tortoise.exception.UnSupportedError;
import dev.tortoise.sql.ast.Bind;
import dev.tortoise.sql.ast.Cast;
import dev.tortoise.sql.ast.Column;
import dev.tortoise.sql.ast.ColumnDef;
import dev.tortoise.sql.ast.ColumnType;
import dev.tortoise.sql.ast.CreateTable;
import dev.tortoise.sql.ast.DatePart;
import dev.tortoise.sql.ast.DialectOp;
import dev.tortoise.sql.ast.InList;
import dev.tortoise.sql.ast.Insert;
import dev.tortoise.sql.ast.Like;
import dev.tortoise.sql.ast.OnConflict;
import dev.tortoise.sql.ast.TableRef;
import dev.tortoise.sql.ast.UpdateRows;
import dev.tortoise.sql.dialect.Dialect;
import dev.tortoise.sql.dialect.SqlWriter;
import dev.tortoise.sql.render.RenderedSql;
import dev.tortoise.sql.render.SqlRenderer;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A dialect written only against the SPI (backtick quotes, {@code ?} markers, inline comments, a
 * text JSON path) changes the rendered SQL through its hooks alone; the defaults are the standard
 * spellings. No database is contacted.
 */
class DialectHooksTest {

    /** A MySQL-like dialect: what a new database package would write. */
    static final class BacktickDialect implements Dialect {
        @Override
        public String name() {
            return "backtick";
        }

        @Override
        public String quote(String identifier) {
            return '`' + identifier.replace("`", "``") + '`';
        }

        @Override
        public String bindMarker(int index) {
            return "?";
        }

        @Override
        public String generatedKeyDefinition(ColumnType type) {
            return typeName(type) + " NOT NULL AUTO_INCREMENT PRIMARY KEY";
        }

        @Override
        public String extractTemplate(DatePart part) {
            return "EXTRACT(" + part.name() + " FROM %s)";
        }

        @Override
        public String template(DialectOp.Kind kind) {
            return kind == DialectOp.Kind.JSON_CONTAINS ? "JSON_CONTAINS({0}, {1})" : null;
        }

        @Override
        public void writeDialectOp(DialectOp op, SqlWriter w) {
            if (op.kind() == DialectOp.Kind.JSON_PATH_TEXT) {
                w.sql("JSON_UNQUOTE(JSON_EXTRACT(").expr(op.args().get(0)).sql(", ")
                        .bind(Bind.of("$." + String.join(".", op.path()))).sql("))");
                return;
            }
            Dialect.super.writeDialectOp(op, w);
        }

        @Override
        public String explainPrefix() {
            return "EXPLAIN ";
        }

        @Override
        public String castTypeName(ColumnType type) {
            return type.kind() == ColumnType.Kind.INT ? "SIGNED" : typeName(type);
        }

        @Override
        public void writeColumnOptions(ColumnDef column, SqlWriter w) {
            if (column.comment() != null) {
                w.sql(" COMMENT ").sql(stringLiteral(column.comment()));
            }
        }

        @Override
        public void writeTableOptions(CreateTable table, SqlWriter w) {
            w.sql(" ENGINE=InnoDB DEFAULT CHARSET=utf8mb4");
        }

        @Override
        public void writeUpsert(Insert insert, SqlWriter w) {
            w.sql("INSERT IGNORE INTO ").table(insert.table()).sql(" (").columns(insert.columns()).sql(")");
            writeInsertRows(insert, w);
        }
    }

    private final SqlRenderer renderer = new SqlRenderer(new BacktickDialect());
    private static final TableRef EVENT = TableRef.of(null, "event");

    @Test
    void createTableTakesTheDialectsColumnAndTableOptions() {
        CreateTable ct = new CreateTable(EVENT, true, List.of(
                new ColumnDef("id", ColumnType.of(ColumnType.Kind.INT), false, true, true, false, null, null),
                new ColumnDef("name", ColumnType.varchar(20), false, false, false, true, null, "the 'name'")),
                List.of(), List.of(), List.of(), "events");
        assertThat(renderer.render(ct).sql()).isEqualTo("CREATE TABLE IF NOT EXISTS `event` (`id` INT NOT NULL "
                + "AUTO_INCREMENT PRIMARY KEY, `name` VARCHAR(20) NOT NULL UNIQUE COMMENT 'the ''name''') "
                + "ENGINE=InnoDB DEFAULT CHARSET=utf8mb4");
    }

    @Test
    void castsVendorOperationsAndUpsertsAreTheDialects() {
        RenderedSql cast = renderer.renderExpr(new Cast(new Column("e", "n"), ColumnType.of(ColumnType.Kind.INT)));
        assertThat(cast.sql()).isEqualTo("CAST(`e`.`n` AS SIGNED)");
        RenderedSql path = renderer.renderExpr(new DialectOp(DialectOp.Kind.JSON_PATH_TEXT,
                List.of(new Column("e", "data")), List.of("a", "b")));
        assertThat(path.sql()).isEqualTo("JSON_UNQUOTE(JSON_EXTRACT(`e`.`data`, ?))");
        assertThat(path.values()).containsExactly("$.a.b");
        assertThat(renderer.renderExpr(new DialectOp(DialectOp.Kind.JSON_CONTAINS,
                List.of(new Column("e", "data"), Bind.of("[1]")))).sql())
                .isEqualTo("JSON_CONTAINS(`e`.`data`, ?)");
        Insert ignore = new Insert(EVENT, List.of("id", "name"), List.of(List.of(Bind.of(1), Bind.of("a")),
                List.of(Bind.of(2), Bind.of("b"))), List.of(), new OnConflict(List.of(), List.of()));
        assertThat(renderer.render(ignore).sql())
                .isEqualTo("INSERT IGNORE INTO `event` (`id`,`name`) VALUES (?,?),(?,?)");
    }

    @Test
    void theDefaultsAreTheStandardSpellings() {
        assertThat(renderer.renderExpr(new InList(new Column("e", "id"), List.of(Bind.of(1), Bind.of(2)), false,
                Integer.class)).sql()).isEqualTo("`e`.`id` IN (?,?)");
        assertThat(renderer.renderExpr(new Like(new Column("e", "name"), Bind.of("a%"), true, true)).sql())
                .isEqualTo("UPPER(`e`.`name`) LIKE UPPER(?) ESCAPE '\\'");
        assertThat(renderer.renderExpr(new Like(new Column("e", "id"), Bind.of("1%"), false, false)).sql())
                .isEqualTo("CAST(`e`.`id` AS VARCHAR) LIKE ? ESCAPE '\\'");
        assertThat(renderer.render(new Insert(EVENT, List.of(), List.of(List.of()), List.of(), null)).sql())
                .isEqualTo("INSERT INTO `event` DEFAULT VALUES");
    }

    @Test
    void whatADialectDoesNotSpellIsUnsupportedByName() {
        Insert returning = new Insert(EVENT, List.of("name"), List.of(List.of(Bind.of("a"))), List.of("id"), null);
        assertThatThrownBy(() -> renderer.render(returning)).isExactlyInstanceOf(UnSupportedError.class)
                .hasMessage("Returning generated columns from an INSERT is not supported by the backtick dialect");
        assertThatThrownBy(() -> renderer.render(new UpdateRows(EVENT, "id", List.of("name"),
                List.of(List.of(Bind.of(1), Bind.of("a"))))))
                .isExactlyInstanceOf(UnSupportedError.class)
                .hasMessage("Updating many rows at once is not supported by the backtick dialect");
        assertThatThrownBy(() -> renderer.renderExpr(new DialectOp(DialectOp.Kind.SEARCH,
                List.of(new Column("e", "name"), Bind.of("x")))))
                .isExactlyInstanceOf(UnSupportedError.class)
                .hasMessage("The search lookup (full-text search) is not supported by the backtick dialect");
    }
}
