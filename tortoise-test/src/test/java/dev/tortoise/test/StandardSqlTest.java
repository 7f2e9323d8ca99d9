package dev.tortoise.test;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * {@link StandardSql} (tortoise-test-r2dbc, whose tests live in this module) spells the standard form exactly as
 * each database's dialect does; {@code TestDatabaseTest} runs SQL spelt by it on every database.
 */
class StandardSqlTest {
    private static final String STANDARD =
            "SELECT \"name\" FROM \"t\" WHERE \"id\"=$1 AND \"name\" LIKE $12 ESCAPE '\\' AND \"note\"='say \"$2\"'";

    @Test
    void h2AndPostgresKeepTheStandardForm() {
        assertThat(StandardSql.on(DatabaseKind.H2, STANDARD)).isEqualTo(STANDARD);
        assertThat(StandardSql.on(DatabaseKind.POSTGRES, STANDARD)).isEqualTo(STANDARD);
    }

    @Test
    void mariadbGetsBackticksQuestionMarksAndNoEscapeClauseOutsideLiterals() {
        assertThat(StandardSql.on(DatabaseKind.MARIADB, STANDARD))
                .isEqualTo("SELECT `name` FROM `t` WHERE `id`=? AND `name` LIKE ? AND `note`='say \"$2\"'");
    }
}
