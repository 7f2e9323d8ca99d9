package dev.tortoise.test;

/**
 * Spells SQL written once in the standard form H2 and PostgreSQL share (double-quoted identifiers, {@code $n}
 * markers) the way MariaDB's dialect writes the same statement: identifiers in backticks, {@code ?} markers, and
 * LIKE without {@code ESCAPE '\'} (backslash is MariaDB's default escape character); text inside single-quoted
 * literals is kept.
 *
 * <p>For raw SQL a test sends to every database kind, and for statements a test expects the ORM to record, where
 * the statement's shape is the same on every database; where MariaDB's SQL differs in shape, a test states
 * MariaDB's text itself.
 */
public final class StandardSql {
    private StandardSql() {
    }

    /** {@code standard} unchanged for H2 and PostgreSQL; in MariaDB's quotes and markers for MariaDB. */
    public static String on(DatabaseKind kind, String standard) {
        return kind == DatabaseKind.MARIADB ? mariadb(standard) : standard;
    }

    /** {@link #on(DatabaseKind, String)} for the database's kind. */
    public static String on(TestDatabase db, String standard) {
        return on(db.kind(), standard);
    }

    /** {@code standard} with backticks for double quotes and {@code ?} for {@code $n} outside literals, no ESCAPE. */
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
