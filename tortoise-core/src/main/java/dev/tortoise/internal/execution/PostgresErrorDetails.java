package dev.tortoise.internal.execution;

import io.r2dbc.postgresql.api.PostgresqlException;

/**
 * The detail fields of a PostgreSQL error (its {@code Key (name)=(...)} detail, constraint and column), which
 * the R2DBC message leaves out. Only loaded for an error of the PostgreSQL driver, so the driver stays optional.
 */
final class PostgresErrorDetails {
    private PostgresErrorDetails() {
    }

    /** The detail, column and constraint the server sent, joined; empty when there are none. */
    static String of(Throwable error) {
        if (!(error instanceof PostgresqlException pg) || pg.getErrorDetails() == null) {
            return "";
        }
        var d = pg.getErrorDetails();
        return d.getDetail().orElse("") + " column \"" + d.getColumnName().orElse("") + "\" constraint \""
                + d.getConstraintName().orElse("") + "\"";
    }
}
