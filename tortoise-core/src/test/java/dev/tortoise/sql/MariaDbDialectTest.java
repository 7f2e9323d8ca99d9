package dev.tortoise.sql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tortoise.sql.ast.AddForeignKey;
import dev.tortoise.sql.ast.Bind;
import dev.tortoise.sql.ast.Column;
import dev.tortoise.sql.ast.ColumnDef;
import dev.tortoise.sql.ast.ColumnType;
import dev.tortoise.sql.ast.CommentOn;
import dev.tortoise.sql.ast.CreateTable;
import dev.tortoise.sql.ast.DatePart;
import dev.tortoise.sql.ast.DialectOp;
import dev.tortoise.sql.ast.Extract;
import dev.tortoise.sql.ast.ForeignKeyDef;
import dev.tortoise.sql.ast.InSubquery;
import dev.tortoise.sql.ast.Insert;
import dev.tortoise.sql.ast.Like;
import dev.tortoise.sql.ast.Lock;
import dev.tortoise.sql.ast.OnConflict;
import dev.tortoise.sql.ast.Select;
import dev.tortoise.sql.ast.SelectItem;
import dev.tortoise.sql.ast.TableRef;
import dev.tortoise.sql.ast.UpdateRows;
import dev.tortoise.sql.dialect.Dialect;
import dev.tortoise.sql.dialect.ErrorCategory;
import dev.tortoise.sql.dialect.IntegrityFacts;
import dev.tortoise.sql.render.RenderedSql;
import dev.tortoise.sql.render.SqlRenderer;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The MariaDB dialect's spelling of each vendor construct, rendered without a server. */
class MariaDbDialectTest {
    private static final Dialect MARIADB = Dialect.forName("mariadb");
    private final SqlRenderer renderer = new SqlRenderer(MARIADB);
    private static final TableRef EVENT = TableRef.of(null, "event");

    private static Select select() {
        return new Select(false, List.of(new SelectItem(new Column("event", "id"), null)), EVENT, List.of(), null,
                List.of(), null, List.of(), null, null, null);
    }

    @Test
    void theDialectIsFoundByItsNameAndByMySqlsAndReportsMariaDbsProductName() {
        assertThat(MARIADB.name()).isEqualTo("mariadb");
        assertThat(Dialect.forName("MariaDB")).isSameAs(MARIADB);
        assertThat(Dialect.forName("mysql")).isSameAs(MARIADB);
    }

    @Test
    void identifiersGoInBackticksAndValuesBehindQuestionMarks() {
        assertThat(MARIADB.quote("we`ird")).isEqualTo("`we``ird`");
        assertThat(MARIADB.bindMarker(0)).isEqualTo("?");
        assertThat(MARIADB.bindMarker(7)).isEqualTo("?");
        assertThat(MARIADB.literal("it's a \\ path")).isEqualTo("'it''s a \\\\ path'");
        assertThat(MARIADB.literal(OffsetDateTime.of(2024, 5, 1, 10, 0, 0, 0, ZoneOffset.ofHours(2))))
                .isEqualTo("'2024-05-01 08:00:00.000000'");
    }

    @Test
    void createTableIsInnoDbInUtf8mb4WithInlineCommentsAndCommentOnWritesNothing() {
        CreateTable ct = new CreateTable(EVENT, true, List.of(
                new ColumnDef("id", ColumnType.of(ColumnType.Kind.BIGINT), false, true, true, false, null, null),
                new ColumnDef("name", ColumnType.varchar(20), false, false, false, true, null, "the 'name'"),
                new ColumnDef("at", ColumnType.of(ColumnType.Kind.TIMESTAMP_TZ), true, false, false, false, null, null),
                new ColumnDef("body", ColumnType.of(ColumnType.Kind.TEXT), true, false, false, false, null, null),
                new ColumnDef("u", ColumnType.of(ColumnType.Kind.UUID), true, false, false, false, null, null),
                new ColumnDef("ok", ColumnType.of(ColumnType.Kind.BOOLEAN), true, false, false, false, null, null)),
                List.of(new CreateTable.NamedColumns("uid_event_name_at", List.of("name", "at"))), List.of(),
                List.of(new ForeignKeyDef("fk_event_event_1", "id", TableRef.of(null, "other"), "id", "CASCADE")),
                "events");
        assertThat(renderer.render(ct).sql()).isEqualTo("CREATE TABLE IF NOT EXISTS `event` (`id` BIGINT NOT NULL "
                + "AUTO_INCREMENT PRIMARY KEY, `name` VARCHAR(20) NOT NULL UNIQUE COMMENT 'the ''name''', "
                + "`at` DATETIME(6), `body` LONGTEXT, `u` CHAR(36), `ok` BOOL, "
                + "CONSTRAINT `uid_event_name_at` UNIQUE (`name`,`at`), CONSTRAINT `fk_event_event_1` FOREIGN KEY "
                + "(`id`) REFERENCES `other` (`id`) ON DELETE CASCADE) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 "
                + "COLLATE=utf8mb4_bin COMMENT='events'");
        assertThat(renderer.render(new CommentOn(EVENT, "name", "the name")).sql()).isEmpty();
        assertThat(renderer.render(new AddForeignKey(EVENT, new ForeignKeyDef("fk_a", "a_id",
                TableRef.of(null, "a"), "id", "SET NULL"), true)).sql())
                .isEqualTo("ALTER TABLE `event` ADD CONSTRAINT `fk_a` FOREIGN KEY IF NOT EXISTS (`a_id`) "
                        + "REFERENCES `a` (`id`) ON DELETE SET NULL");
    }

    @Test
    void insertsHandBackKeysWithReturningAndConflictsBecomeIgnoreOrOnDuplicateKeyUpdate() {
        List<List<dev.tortoise.sql.ast.Expr>> rows = List.of(List.of(Bind.of("a"), Bind.of(1)),
                List.of(Bind.of("b"), Bind.of(2)));
        assertThat(renderer.render(new Insert(EVENT, List.of("name", "n"), rows, List.of("id"), null)).sql())
                .isEqualTo("INSERT INTO `event` (`name`,`n`) VALUES (?,?),(?,?) RETURNING `id`");
        assertThat(renderer.render(new Insert(EVENT, List.of(), List.of(List.of()), List.of("id"), null)).sql())
                .isEqualTo("INSERT INTO `event` () VALUES () RETURNING `id`");
        assertThat(renderer.render(new Insert(EVENT, List.of("name", "n"), rows, List.of(),
                new OnConflict(List.of(), List.of()))).sql())
                .isEqualTo("INSERT IGNORE INTO `event` (`name`,`n`) VALUES (?,?),(?,?)");
        assertThat(renderer.render(new Insert(EVENT, List.of("name", "n"), rows, List.of(),
                new OnConflict(List.of("name"), List.of("n")))).sql())
                .isEqualTo("INSERT INTO `event` (`name`,`n`) VALUES (?,?),(?,?) ON DUPLICATE KEY UPDATE `n`=VALUES(`n`)");
    }

    @Test
    void manyRowsAreUpdatedThroughAJoinAgainstAUnionOfTheirValues() {
        RenderedSql sql = renderer.render(new UpdateRows(EVENT, "id", List.of("name"),
                List.of(List.of(Bind.of(1), Bind.of("a")), List.of(Bind.of(2), Bind.of("b")))));
        assertThat(sql.sql()).isEqualTo("UPDATE `event` `t` JOIN (SELECT ? AS `id`,? AS `name` UNION ALL SELECT ?,?) "
                + "`s` ON `t`.`id`=`s`.`id` SET `t`.`name`=`s`.`name`");
        assertThat(sql.values()).containsExactly(1, "a", 2, "b");
    }

    @Test
    void pagingLockingLikeAndSubqueriesAreMariaDbs() {
        Select s = select();
        assertThat(renderer.render(s.withLimitOffset(null, Bind.of(5))).sql())
                .isEqualTo("SELECT `event`.`id` FROM `event` LIMIT 18446744073709551615 OFFSET ?");
        assertThat(renderer.render(s.withLimitOffset(Bind.of(3), Bind.of(5))).sql())
                .isEqualTo("SELECT `event`.`id` FROM `event` LIMIT ? OFFSET ?");
        Select locked = new Select(false, s.items(), EVENT, List.of(), null, List.of(), null, List.of(), null, null,
                new Lock(false, true, List.of("event")));
        assertThat(renderer.render(locked).sql()).isEqualTo("SELECT `event`.`id` FROM `event` FOR UPDATE SKIP LOCKED");
        assertThat(renderer.renderExpr(new Like(new Column("e", "name"), Bind.of("a\\%%"), true, true)).sql())
                .isEqualTo("UPPER(`e`.`name`) LIKE UPPER(?)");
        assertThat(renderer.renderExpr(new Like(new Column("e", "id"), Bind.of("1%"), false, false)).sql())
                .isEqualTo("CAST(`e`.`id` AS CHAR) LIKE ?");
        assertThat(renderer.renderExpr(new InSubquery(new Column("e", "id"), s.withLimitOffset(Bind.of(2), null),
                false)).sql()).isEqualTo("`e`.`id` IN (SELECT * FROM (SELECT `event`.`id` FROM `event` LIMIT ?) `sub`)");
        assertThat(renderer.renderExpr(new InSubquery(new Column("e", "id"), s, true)).sql())
                .isEqualTo("`e`.`id` NOT IN (SELECT `event`.`id` FROM `event`)");
    }

    @Test
    void jsonRegexSearchAndDatePartsUseMariaDbsFunctions() {
        RenderedSql path = renderer.renderExpr(new DialectOp(DialectOp.Kind.JSON_PATH_TEXT,
                List.of(new Column("e", "data")), List.of("a", "0", "b\"c")));
        assertThat(path.sql()).isEqualTo("CASE JSON_TYPE(JSON_EXTRACT(`e`.`data`, ?)) WHEN 'NULL' THEN NULL "
                + "ELSE JSON_UNQUOTE(JSON_EXTRACT(`e`.`data`, ?)) END");
        assertThat(path.values()).containsExactly("$.\"a\"[0].\"b\\\"c\"", "$.\"a\"[0].\"b\\\"c\"");
        assertThat(renderer.renderExpr(new DialectOp(DialectOp.Kind.JSON_CONTAINED_BY,
                List.of(new Column("e", "data"), Bind.of("[1]")))).sql()).isEqualTo("JSON_CONTAINS(?, `e`.`data`)");
        assertThat(renderer.renderExpr(new DialectOp(DialectOp.Kind.POSIX_REGEX,
                List.of(new Column("e", "name"), Bind.of("^a")))).sql())
                .isEqualTo("`e`.`name` REGEXP CONCAT('(?-i)', ?)");
        assertThat(renderer.renderExpr(new DialectOp(DialectOp.Kind.SEARCH,
                List.of(new Column("e", "name"), Bind.of("x")))).sql()).isEqualTo("MATCH(`e`.`name`) AGAINST(LOWER(?))");
        assertThat(renderer.renderExpr(new Extract(DatePart.WEEK, new Column("e", "at"))).sql())
                .isEqualTo("WEEK(`e`.`at`, 3)");
    }

    @Test
    void instantsTravelAsTheirUtcWallTimeBecauseTheDriverHasNoOffsetCodec() {
        assertThat(MARIADB.convertsValues()).isTrue();
        // as the text the driver wrote for that wall time (see InstantBindTextTest)
        assertThat(MARIADB.bindValue(OffsetDateTime.of(2024, 5, 1, 10, 0, 0, 0, ZoneOffset.ofHours(2))))
                .isEqualTo("2024-05-01 08:00:00");
        assertThat(MARIADB.driverClass(OffsetDateTime.class)).isEqualTo(LocalDateTime.class);
        assertThat(MARIADB.readValue(LocalDateTime.of(2024, 5, 1, 8, 0), OffsetDateTime.class))
                .isEqualTo(OffsetDateTime.of(2024, 5, 1, 8, 0, 0, 0, ZoneOffset.UTC));
        assertThat(MARIADB.bindValue("text")).isEqualTo("text");
        assertThat(MARIADB.driverClass(String.class)).isEqualTo(String.class);
    }

    @Test
    void mariaDbErrorNumbersAreReadWhereItsSqlStateSaysLittle() {
        assertThat(MARIADB.classifyError("HY000", 1205)).isEqualTo(ErrorCategory.LOCK_TIMEOUT);
        assertThat(MARIADB.classifyError("23000", 1062)).isEqualTo(ErrorCategory.INTEGRITY);
        assertThat(MARIADB.classifyError("HY000", 1364)).isEqualTo(ErrorCategory.INTEGRITY);
        assertThat(MARIADB.classifyError("22001", 1406)).isEqualTo(ErrorCategory.DATA);
        assertThat(MARIADB.classifyError("HY000", 1366)).isEqualTo(ErrorCategory.DATA);
        assertThat(MARIADB.classifyError("25006", 1792)).isEqualTo(ErrorCategory.TRANSACTION);
        assertThat(MARIADB.classifyError("HY000", 2006)).isEqualTo(ErrorCategory.CONNECTION);
        assertThat(MARIADB.classifyError("42000", 1064)).isNull();
        assertThat(MARIADB.classifyError("HY000", 1191)).isEqualTo(ErrorCategory.UNSUPPORTED);
        assertThat(MARIADB.classifyError("42000", 1139)).isEqualTo(ErrorCategory.DATA);
        assertThat(MARIADB.integrityFacts("23000", 1062, "Duplicate entry 'a' for key 'name'"))
                .isEqualTo(new IntegrityFacts("23505", "name", List.of("name")));
        assertThat(MARIADB.integrityFacts("23000", 1062, "Duplicate entry '1' for key 'PRIMARY'"))
                .isEqualTo(new IntegrityFacts("23505", "PRIMARY", List.of()));
        assertThat(MARIADB.integrityFacts("23000", 1062, "Duplicate entry 'a-1' for key 'uid_event_name_a1b2'"))
                .isEqualTo(new IntegrityFacts("23505", "uid_event_name_a1b2", List.of()));
        assertThat(MARIADB.integrityFacts("23000", 1452, "Cannot add or update a child row: a foreign key constraint "
                + "fails (`tt_1`.`loose`, CONSTRAINT `fk_loose_parent_1` FOREIGN KEY (`parent_id`) REFERENCES "
                + "`parent` (`id`) ON DELETE CASCADE)"))
                .isEqualTo(new IntegrityFacts("23503", "fk_loose_parent_1", List.of("parent_id")));
        assertThat(MARIADB.integrityFacts("23000", 1048, "Column 'name' cannot be null"))
                .isEqualTo(new IntegrityFacts("23502", null, List.of("name")));
        assertThat(MARIADB.integrityFacts("HY000", 1364, "Field 'name' doesn't have a default value"))
                .isEqualTo(new IntegrityFacts("23502", null, List.of("name")));
        assertThat(MARIADB.integrityFacts("23000", 4025, "CONSTRAINT `chk_loose_1` failed for `tt_1`.`loose`"))
                .isEqualTo(new IntegrityFacts("23514", "chk_loose_1", List.of()));
        assertThat(MARIADB.integrityFacts("42000", 1064, "You have an error")).isNull();
        assertThat(MARIADB.isStatementTimeout("70100", 1969)).isTrue();
        assertThat(MARIADB.isStatementTimeout("70100", 1317)).isFalse();
        assertThat(MARIADB.sessionStatementTimeoutSql(1500)).isEqualTo("SET SESSION max_statement_time = 1.500");
        assertThat(MARIADB.sessionStatementTimeoutSql(0)).isEqualTo("SET SESSION max_statement_time = 0.000");
    }

    @Test
    void sessionStatementTimeIsSecondsWithThreeDigitsOfFraction() {
        assertThat(MARIADB.sessionStatementTimeoutSql(1)).isEqualTo("SET SESSION max_statement_time = 0.001");
        assertThat(MARIADB.sessionStatementTimeoutSql(10)).isEqualTo("SET SESSION max_statement_time = 0.010");
        assertThat(MARIADB.sessionStatementTimeoutSql(99)).isEqualTo("SET SESSION max_statement_time = 0.099");
        assertThat(MARIADB.sessionStatementTimeoutSql(100)).isEqualTo("SET SESSION max_statement_time = 0.100");
        assertThat(MARIADB.sessionStatementTimeoutSql(1000)).isEqualTo("SET SESSION max_statement_time = 1.000");
        assertThat(MARIADB.sessionStatementTimeoutSql(60_005)).isEqualTo("SET SESSION max_statement_time = 60.005");
        assertThat(MARIADB.sessionStatementTimeoutSql(Long.MAX_VALUE))
                .isEqualTo("SET SESSION max_statement_time = 9223372036854775.807");
        // the same text as the format it replaced, for every millisecond of the first minute and a half
        for (long millis = 0; millis <= 90_000; millis++) {
            assertThat(MARIADB.sessionStatementTimeoutSql(millis)).isEqualTo(
                    "SET SESSION max_statement_time = " + (millis / 1000) + "." + String.format("%03d", millis % 1000));
        }
    }
}
