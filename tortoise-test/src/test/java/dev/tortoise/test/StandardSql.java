package dev.tortoise.test;

/**
 * SQL text written once in the standard form H2 and PostgreSQL share (double-quoted identifiers, {@code $n}
 * markers), as MariaDB spells the same statement: identifiers in backticks and {@code ?} markers; text inside
 * single-quoted literals is kept. For the raw SQL these tests send and for the statements they expect the ORM to
 * record, where the statement's shape is the same on every database.
 */
final class StandardSql {
    private StandardSql() {
    }

    /** {@code standard} unchanged for H2 and PostgreSQL; in MariaDB's quotes and markers for MariaDB. */
    static String on(DatabaseKind kind, String standard) {
        if (kind != DatabaseKind.MARIADB) {
            return standard;
        }
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

    /** {@link #on(DatabaseKind, String)} for the database's kind. */
    static String on(TestDatabase db, String standard) {
        return on(db.kind(), standard);
    }
}
