package dev.tortoise.testing;

import dev.tortoise.query.SqlText;
import dev.tortoise.test.DatabaseKind;
import dev.tortoise.test.StandardSql;

/**
 * An expected statement written in the standard form H2 and PostgreSQL share, as each database's dialect writes
 * it: {@link StandardSql} (tortoise-test-r2dbc) for the text, plus the same for a statement's text and bindings.
 */
public final class ExpectedSql {
    private ExpectedSql() {
    }

    /** {@code standard} unchanged for H2 and PostgreSQL; with MariaDB's quotes and markers for MariaDB. */
    public static String on(DatabaseKind db, String standard) {
        return StandardSql.on(db, standard);
    }

    /** A statement's expected text and bindings, its text as {@link #on(DatabaseKind, String)} gives it. */
    public static SqlText on(DatabaseKind db, SqlText standard) {
        return db == DatabaseKind.MARIADB ? new SqlText(StandardSql.mariadb(standard.text()), standard.bindings())
                : standard;
    }

    /** {@code standard} as MariaDB spells it ({@link StandardSql#mariadb}). */
    public static String mariadb(String standard) {
        return StandardSql.mariadb(standard);
    }

    /**
     * What follows PostgreSQL's bulk insert of one integer key {@code "id"} as {@code "i"}: one text, the first row's
     * key and the count (negated when the keys step down) when they are consecutive from the first row's, else every
     * key in the rows' order.
     */
    public static final String PG_KEY_TEXT = " SELECT CASE WHEN CAST(max(\"id\") AS NUMERIC)-min(\"id\")=count(*)-1 "
            + "AND min(\"id\")=(SELECT \"id\" FROM \"i\" LIMIT 1) THEN CAST(min(\"id\") AS TEXT)||':'||CAST(count(*) "
            + "AS TEXT) WHEN CAST(max(\"id\") AS NUMERIC)-min(\"id\")=count(*)-1 AND max(\"id\")=(SELECT \"id\" FROM "
            + "\"i\" LIMIT 1) THEN CAST(max(\"id\") AS TEXT)||':-'||CAST(count(*) AS TEXT) ELSE (SELECT "
            + "string_agg(CAST(\"id\" AS TEXT),',') FROM \"i\") END FROM \"i\"";
}
