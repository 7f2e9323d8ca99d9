package dev.tortoise.sql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tortoise.sql.ast.AlterTable;
import dev.tortoise.sql.ast.ColumnDef;
import dev.tortoise.sql.ast.ColumnType;
import dev.tortoise.sql.ast.DropIndex;
import dev.tortoise.sql.ast.DropTable;
import dev.tortoise.sql.ast.ForeignKeyDef;
import dev.tortoise.sql.ast.Raw;
import dev.tortoise.sql.ast.RenameIndex;
import dev.tortoise.sql.ast.Statement;
import dev.tortoise.sql.ast.TableRef;
import dev.tortoise.sql.dialect.Dialect;
import dev.tortoise.sql.dialect.SqlWriter;
import dev.tortoise.sql.render.RenderedSql;
import dev.tortoise.sql.render.SqlRenderer;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The migration statements (ALTER TABLE changes, DROP TABLE, DROP / rename INDEX) as each dialect
 * writes them: the SQL standard's spelling for H2 and PostgreSQL, and a dialect that restates
 * column definitions changing only its hooks. No database is contacted.
 */
class MigrationDdlTest {
    static final TableRef EVENT = TableRef.of(null, "event");
    static final TableRef SCHEMA_EVENT = TableRef.of("app", "event");
    static final ColumnDef STATUS = new ColumnDef("status", ColumnType.varchar(20), false, false, false, false,
            new Raw("'open'", List.of()), null);

    static List<Statement> statements() {
        return List.of(
                new AlterTable(EVENT, new AlterTable.AddColumn(STATUS)),
                new AlterTable(EVENT, new AlterTable.DropColumn("prize")),
                new AlterTable(EVENT, new AlterTable.RenameColumn("name", "title")),
                new AlterTable(EVENT, new AlterTable.AlterColumnType(new ColumnDef("prize", ColumnType.of(
                        ColumnType.Kind.BIGINT), true, false, false, false, null, null))),
                new AlterTable(EVENT, new AlterTable.SetNullable(new ColumnDef("status", ColumnType.varchar(20), true,
                        false, false, false, null, null))),
                new AlterTable(EVENT, new AlterTable.SetNullable(new ColumnDef("status", ColumnType.varchar(20), false,
                        false, false, false, null, null))),
                new AlterTable(EVENT, new AlterTable.SetDefault("status", null)),
                new AlterTable(EVENT, new AlterTable.SetDefault("status", new Raw("'open'", List.of()))),
                new AlterTable(EVENT, new AlterTable.AddUnique("uid_event_title", List.of("title", "tournament_id"))),
                new AlterTable(EVENT, new AlterTable.DropConstraint("uid_event_title")),
                new AlterTable(EVENT, new AlterTable.DropForeignKey("fk_event")),
                new AlterTable(EVENT, new AlterTable.RenameConstraint("fk_a", "fk_b")),
                new AlterTable(SCHEMA_EVENT, new AlterTable.RenameTo("events")),
                new DropTable(SCHEMA_EVENT),
                new DropIndex("idx_event_title", SCHEMA_EVENT),
                new RenameIndex(EVENT, "idx_a", "idx_b"),
                new AlterTable(EVENT, new AlterTable.RenameForeignKey("fk_a", new ForeignKeyDef("fk_b", "tournament_id",
                        TableRef.of(null, "tournament"), "id", "CASCADE"))),
                new AlterTable(EVENT, new AlterTable.SetColumnComment(new ColumnDef("status", ColumnType.varchar(20),
                        false, false, false, false, null, "It's open"))),
                new AlterTable(EVENT, new AlterTable.SetTableComment("Events")));
    }

    static List<String> render(Dialect d) {
        SqlRenderer r = new SqlRenderer(d);
        return statements().stream().map(st -> {
            RenderedSql sql = r.render(st);
            assertThat(sql.binds()).isEmpty();
            return sql.sql();
        }).toList();
    }

    static final List<String> STANDARD = List.of(
            "ALTER TABLE \"event\" ADD COLUMN \"status\" VARCHAR(20) NOT NULL DEFAULT 'open'",
            "ALTER TABLE \"event\" DROP COLUMN \"prize\"",
            "ALTER TABLE \"event\" RENAME COLUMN \"name\" TO \"title\"",
            "ALTER TABLE \"event\" ALTER COLUMN \"prize\" SET DATA TYPE BIGINT",
            "ALTER TABLE \"event\" ALTER COLUMN \"status\" DROP NOT NULL",
            "ALTER TABLE \"event\" ALTER COLUMN \"status\" SET NOT NULL",
            "ALTER TABLE \"event\" ALTER COLUMN \"status\" DROP DEFAULT",
            "ALTER TABLE \"event\" ALTER COLUMN \"status\" SET DEFAULT 'open'",
            "ALTER TABLE \"event\" ADD CONSTRAINT \"uid_event_title\" UNIQUE (\"title\",\"tournament_id\")",
            "ALTER TABLE \"event\" DROP CONSTRAINT \"uid_event_title\"",
            "ALTER TABLE \"event\" DROP CONSTRAINT \"fk_event\"",
            "ALTER TABLE \"event\" RENAME CONSTRAINT \"fk_a\" TO \"fk_b\"",
            "ALTER TABLE \"app\".\"event\" RENAME TO \"events\"",
            "DROP TABLE \"app\".\"event\"",
            "DROP INDEX \"app\".\"idx_event_title\"",
            "ALTER INDEX \"idx_a\" RENAME TO \"idx_b\"",
            "ALTER TABLE \"event\" RENAME CONSTRAINT \"fk_a\" TO \"fk_b\"",
            "COMMENT ON COLUMN \"event\".\"status\" IS 'It''s open'",
            "COMMENT ON TABLE \"event\" IS 'Events'");

    @Test
    void postgresWritesTheStandardSpelling() {
        assertThat(render(Dialect.forName("postgres"))).containsExactlyElementsOf(STANDARD);
    }

    @Test
    void h2WritesTheStandardSpelling() {
        assertThat(render(Dialect.forName("h2"))).containsExactlyElementsOf(STANDARD);
    }

    @Test
    void mariadbRestatesColumnsAndDropsForeignKeysWithTheirIndex() {
        assertThat(render(Dialect.forName("mariadb"))).containsExactly(
                "ALTER TABLE `event` ADD COLUMN `status` VARCHAR(20) NOT NULL DEFAULT 'open'",
                "ALTER TABLE `event` DROP COLUMN `prize`",
                "ALTER TABLE `event` RENAME COLUMN `name` TO `title`",
                "ALTER TABLE `event` MODIFY COLUMN `prize` BIGINT",
                "ALTER TABLE `event` MODIFY COLUMN `status` VARCHAR(20)",
                "ALTER TABLE `event` MODIFY COLUMN `status` VARCHAR(20) NOT NULL",
                "ALTER TABLE `event` ALTER COLUMN `status` DROP DEFAULT",
                "ALTER TABLE `event` ALTER COLUMN `status` SET DEFAULT 'open'",
                "ALTER TABLE `event` ADD CONSTRAINT `uid_event_title` UNIQUE (`title`,`tournament_id`)",
                "ALTER TABLE `event` DROP CONSTRAINT `uid_event_title`",
                "ALTER TABLE `event` DROP FOREIGN KEY `fk_event`, DROP INDEX IF EXISTS `fk_event`",
                "ALTER TABLE `event` RENAME INDEX `fk_a` TO `fk_b`",
                "ALTER TABLE `app`.`event` RENAME TO `events`",
                "DROP TABLE `app`.`event`",
                "DROP INDEX `idx_event_title` ON `app`.`event`",
                "ALTER TABLE `event` RENAME INDEX `idx_a` TO `idx_b`",
                "ALTER TABLE `event` DROP FOREIGN KEY `fk_a`, DROP INDEX IF EXISTS `fk_a`, ADD CONSTRAINT `fk_b` "
                        + "FOREIGN KEY (`tournament_id`) REFERENCES `tournament` (`id`) ON DELETE CASCADE",
                "ALTER TABLE `event` MODIFY COLUMN `status` VARCHAR(20) NOT NULL COMMENT 'It''s open'",
                "ALTER TABLE `event` COMMENT='Events'");
    }

    /** A dialect that restates whole columns (MODIFY) and names foreign keys apart, through its hook alone. */
    static final class ModifyDialect implements Dialect {
        private final Dialect base = Dialect.forName("h2");

        @Override
        public String name() {
            return "modify";
        }

        @Override
        public String bindMarker(int index) {
            return "?";
        }

        @Override
        public String generatedKeyDefinition(ColumnType type) {
            return base.generatedKeyDefinition(type);
        }

        @Override
        public String extractTemplate(dev.tortoise.sql.ast.DatePart part) {
            return base.extractTemplate(part);
        }

        @Override
        public String template(dev.tortoise.sql.ast.DialectOp.Kind kind) {
            return null;
        }

        @Override
        public String explainPrefix() {
            return "EXPLAIN ";
        }

        @Override
        public void writeAlterTable(AlterTable alter, SqlWriter w) {
            if (alter.action() instanceof AlterTable.AlterColumnType t) {
                w.sql("ALTER TABLE ").table(alter.table()).sql(" MODIFY COLUMN ").columnDefinition(t.column());
            } else if (alter.action() instanceof AlterTable.DropForeignKey d) {
                w.sql("ALTER TABLE ").table(alter.table()).sql(" DROP FOREIGN KEY ").identifier(d.name());
            } else {
                Dialect.super.writeAlterTable(alter, w);
            }
        }
    }

    @Test
    void aDialectChangesOneCaseThroughItsHook() {
        List<String> sql = render(new ModifyDialect());
        assertThat(sql.get(3)).isEqualTo("ALTER TABLE \"event\" MODIFY COLUMN \"prize\" BIGINT");
        assertThat(sql.get(10)).isEqualTo("ALTER TABLE \"event\" DROP FOREIGN KEY \"fk_event\"");
        assertThat(sql.get(1)).isEqualTo(STANDARD.get(1));
    }
}
