package dev.tortoise.testing;

import dev.tortoise.query.SqlText;
import dev.tortoise.test.DatabaseKind;

/**
 * An expected SQL text written in the standard form H2 and PostgreSQL share (double-quoted identifiers,
 * {@code $n} markers), as MariaDB's dialect writes the same statement: identifiers in backticks and {@code ?}
 * markers, and LIKE without {@code ESCAPE '\'} (backslash is MariaDB's default escape character); text inside
 * single-quoted literals is kept. Only for statements whose shape is the same on every
 * database; where MariaDB's SQL differs in shape, a test states MariaDB's text itself.
 */
public final class ExpectedSql {
    private ExpectedSql() {
    }

    /** {@code standard} unchanged for H2 and PostgreSQL; with MariaDB's quotes and markers for MariaDB. */
    public static String on(DatabaseKind db, String standard) {
        return db == DatabaseKind.MARIADB ? mariadb(standard) : standard;
    }

    /** A statement's expected text and bindings, its text as {@link #on(DatabaseKind, String)} gives it. */
    public static SqlText on(DatabaseKind db, SqlText standard) {
        return db == DatabaseKind.MARIADB ? new SqlText(mariadb(standard.text()), standard.bindings()) : standard;
    }

    /** {@code standard} with backticks for double quotes and {@code ?} for {@code $n} outside string literals, no ESCAPE. */
    public static String mariadb(String standard) {
        standard = standard.replace(" ESCAPE '\\'", "");
        StringBuilder out = new StringBuilder(standard.length());
        boolean literal = false;
        for (int i = 0; i < standard.length(); i++) {
            char c = standard.charAt(i);
            if (c == '\'') {
                literal = !literal;
                out.append(c);
            } else if (literal) {
                out.append(c);
            } else if (c == '"') {
                out.append('`');
            } else if (c == '$' && i + 1 < standard.length() && Character.isDigit(standard.charAt(i + 1))) {
                out.append('?');
                while (i + 1 < standard.length() && Character.isDigit(standard.charAt(i + 1))) {
                    i++;
                }
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
