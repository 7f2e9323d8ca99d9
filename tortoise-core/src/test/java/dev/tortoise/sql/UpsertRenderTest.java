package dev.tortoise.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tortoise.exception.OperationalError;
import dev.tortoise.sql.ast.Bind;
import dev.tortoise.sql.ast.ColumnType;
import dev.tortoise.sql.ast.Expr;
import dev.tortoise.sql.ast.Insert;
import dev.tortoise.sql.ast.OnConflict;
import dev.tortoise.sql.ast.TableRef;
import dev.tortoise.sql.dialect.Dialect;
import dev.tortoise.sql.render.RenderedSql;
import dev.tortoise.sql.render.SqlRenderer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Upserts whose rows leave a conflict key's column out (a generated key), as each dialect writes them. */
class UpsertRenderTest {
    private static final TableRef TEAM = TableRef.of(null, "team");
    private static final ColumnType NAME = ColumnType.varchar(20);
    private static final ColumnType CODE = ColumnType.varchar(5);
    private static final List<List<Expr>> ROWS = List.of(
            List.of(new Bind("a", String.class, NAME), new Bind("x", String.class, CODE)),
            List.of(new Bind("b", String.class, NAME), new Bind("y", String.class, CODE)));

    private static RenderedSql render(String dialect, Insert insert) {
        return new SqlRenderer(Dialect.forName(dialect), 0).render(insert);
    }

    @Test
    void anUpdateOnAKeyTheRowsLeaveOutIsAPlainInsertOnH2AndKeepsItsClauseElsewhere() {
        Insert ins = new Insert(TEAM, List.of("name", "code"), ROWS, List.of(),
                new OnConflict(List.of("id"), List.of("name")));
        RenderedSql h2 = render("h2", ins);
        assertThat(h2.sql()).isEqualTo("INSERT INTO \"team\" (\"name\",\"code\") VALUES ($1,$2),($3,$4)");
        assertThat(h2.values()).containsExactly("a", "x", "b", "y");
        assertThat(render("postgres", ins).sql()).isEqualTo("INSERT INTO \"team\" (\"name\",\"code\") SELECT * FROM "
                + "unnest(CAST($1 AS VARCHAR(20)[]),CAST($2 AS VARCHAR(5)[])) ON CONFLICT (\"id\") "
                + "DO UPDATE SET \"name\"=EXCLUDED.\"name\"");
        assertThat(render("mariadb", ins).sql()).isEqualTo("INSERT INTO `team` (`name`,`code`) VALUES (?,?),(?,?) "
                + "ON DUPLICATE KEY UPDATE `name`=VALUES(`name`)");
    }

    @Test
    void aMergeOnH2MatchesOnlyTheKeysWhoseColumnsTheRowsGive() {
        // "do nothing" over three keys: (id), (id, code) and (code); only (code) is fully among the columns.
        Insert ins = new Insert(TEAM, List.of("name", "code"), ROWS, List.of(),
                new OnConflict(List.of(), List.of(), List.of(List.of("id"), List.of("id", "code"), List.of("code"))));
        // Of rows repeating a key only the first is matched (tortoise_first0=1), as PostgreSQL's DO NOTHING skips the others.
        assertThat(render("h2", ins).sql()).isEqualTo("MERGE INTO \"team\" \"t\" USING (SELECT \"name\",\"code\" FROM "
                + "(SELECT \"v\".*,ROW_NUMBER() OVER (PARTITION BY \"code\" ORDER BY \"tortoise_row\") AS \"tortoise_first0\" "
                + "FROM (VALUES (CAST($1 AS VARCHAR(20)),CAST($2 AS VARCHAR(5)),0),(CAST($3 AS VARCHAR(20)),"
                + "CAST($4 AS VARCHAR(5)),1)) \"v\" (\"name\",\"code\",\"tortoise_row\")) \"w\" WHERE "
                + "(\"tortoise_first0\"=1 OR \"code\" IS NULL)) \"s\" (\"name\",\"code\") ON "
                + "(\"t\".\"code\"=\"s\".\"code\") WHEN NOT MATCHED THEN INSERT (\"name\",\"code\") VALUES "
                + "(\"s\".\"name\",\"s\".\"code\")");
        // A composite conflict target with the key left out: no key remains to match on.
        Insert composite = new Insert(TEAM, List.of("name", "code"), ROWS, List.of(),
                new OnConflict(List.of("id", "code"), List.of("name")));
        assertThat(render("h2", composite).sql())
                .isEqualTo("INSERT INTO \"team\" (\"name\",\"code\") VALUES ($1,$2),($3,$4)");
    }

    @Test
    void anUpdateOnH2WhoseConflictColumnsAreNoUniqueKeyIsRefusedAndAKeyInAnyOrderIsAccepted() {
        List<List<String>> keys = List.of(List.of("code", "name"));
        Insert partial = new Insert(TEAM, List.of("name", "code"), ROWS, List.of(),
                new OnConflict(List.of("name"), List.of("code"), keys));
        assertThatThrownBy(() -> render("h2", partial)).isExactlyInstanceOf(OperationalError.class)
                .hasMessage("there is no unique or exclusion constraint matching the ON CONFLICT specification");
        // The other dialects name the target and leave the check to the database.
        assertThat(render("postgres", partial).sql()).endsWith(" ON CONFLICT (\"name\") DO UPDATE SET "
                + "\"code\"=EXCLUDED.\"code\"");
        Insert reordered = new Insert(TEAM, List.of("name", "code"), ROWS, List.of(),
                new OnConflict(List.of("name", "code"), List.of("code"), keys));
        assertThat(render("h2", reordered).sql()).isEqualTo("MERGE INTO \"team\" \"t\" USING (VALUES (CAST($1 AS "
                + "VARCHAR(20)),CAST($2 AS VARCHAR(5))),(CAST($3 AS VARCHAR(20)),CAST($4 AS VARCHAR(5)))) \"s\" "
                + "(\"name\",\"code\") ON (\"t\".\"name\"=\"s\".\"name\" AND \"t\".\"code\"=\"s\".\"code\") WHEN "
                + "MATCHED THEN UPDATE SET \"code\"=\"s\".\"code\" WHEN NOT MATCHED THEN INSERT (\"name\",\"code\") "
                + "VALUES (\"s\".\"name\",\"s\".\"code\")");
        // Without the keys (an OnConflict built by hand) nothing is checked.
        assertThat(render("h2", new Insert(TEAM, List.of("name", "code"), ROWS, List.of(),
                new OnConflict(List.of("name"), List.of("code")))).sql()).startsWith("MERGE INTO \"team\"");
    }
}
