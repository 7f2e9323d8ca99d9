package dev.tortoise.internal.execution;

import dev.tortoise.exception.BaseORMException;
import dev.tortoise.exception.DBConnectionError;
import dev.tortoise.exception.IntegrityError;
import dev.tortoise.exception.LockTimeoutError;
import dev.tortoise.exception.OperationalError;
import dev.tortoise.exception.TransactionManagementError;
import dev.tortoise.exception.ValidationError;
import dev.tortoise.sql.dialect.Dialect;
import dev.tortoise.sql.dialect.ErrorCategory;
import io.r2dbc.spi.R2dbcException;
import io.r2dbc.spi.R2dbcNonTransientResourceException;
import io.r2dbc.spi.R2dbcTimeoutException;
import io.r2dbc.spi.R2dbcTransientResourceException;

/**
 * Turns driver errors into the ORM's exceptions at the execution boundary: the connection's
 * {@link Dialect} reads the SQLSTATE and vendor code ({@link Dialect#classifyError}; by default
 * class 23 is an IntegrityError, 22 a ValidationError, 25 a TransactionManagementError, 08 a
 * DBConnectionError), a driver's resource exceptions without a state are connection errors, and the
 * rest an OperationalError. The SQL text is attached to the exception, never put in its message.
 */
public final class ExceptionTranslator {
    private ExceptionTranslator() {
    }

    /** The ORM exception for {@code error} raised while running {@code sql}, read as the SQL standard's. */
    public static Throwable translate(Throwable error, String sql) {
        return translate(error, sql, null);
    }

    /**
     * The ORM exception for {@code error} raised while running {@code sql} on a database of
     * {@code dialect} (null: the SQL standard's reading of the error).
     */
    public static Throwable translate(Throwable error, String sql, Dialect dialect) {
        if (error instanceof BaseORMException orm) {
            if (orm.sql() == null && sql != null) {
                orm.withSql(sql);
            }
            return orm;
        }
        if (!(error instanceof R2dbcException r)) {
            if (error instanceof java.util.concurrent.TimeoutException) {
                return new DBConnectionError("Timed out acquiring a database connection: " + error.getMessage(),
                        error).withSql(sql);
            }
            return error;
        }
        String state = r.getSqlState() == null ? "" : r.getSqlState();
        String message = r.getMessage() == null ? "Database error"
                : dialect == null ? r.getMessage().strip() : dialect.cleanErrorMessage(r.getMessage());
        ErrorCategory category = dialect == null ? Dialect.standardErrorCategory(state)
                : dialect.classifyError(state, r.getErrorCode());
        if (category == null) {
            category = state.isEmpty() && (r instanceof R2dbcNonTransientResourceException
                    || r instanceof R2dbcTransientResourceException || r instanceof R2dbcTimeoutException)
                    ? ErrorCategory.CONNECTION : ErrorCategory.OPERATIONAL;
        }
        BaseORMException out = switch (category) {
            case INTEGRITY -> integrity(message, r, state, dialect == null ? null
                    : dialect.integrityFacts(state, r.getErrorCode(), r.getMessage() == null ? "" : r.getMessage()));
            case DATA -> new ValidationError(message, r);
            case TRANSACTION -> new TransactionManagementError(message, r);
            case CONNECTION -> new DBConnectionError(message, r);
            case LOCK_TIMEOUT -> new LockTimeoutError(message, r);
            case UNSUPPORTED -> new dev.tortoise.exception.UnSupportedError(message, r);
            case OPERATIONAL -> new OperationalError(message, r);
        };
        return out.withSql(sql);
    }

    private static final java.util.regex.Pattern KEY_COLUMNS = java.util.regex.Pattern.compile(
            "(?:Key \\(|FOREIGN KEY\\(|ON [\\w.\"]+\\()([^)=]*)\\)");
    private static final java.util.regex.Pattern COLUMN = java.util.regex.Pattern.compile("column \"([^\"]+)\"");
    private static final java.util.regex.Pattern CONSTRAINT = java.util.regex.Pattern.compile(
            "constraint \"([^\"]+)\"|violation: \"([^\" :]+)");

    /**
     * An IntegrityError saying which kind of constraint failed (by the standard SQLSTATE: 23505 unique,
     * 23503/23506 foreign key, 23502 not null, 23513/23514 check) and, where the database names them, the
     * columns it covers and its name: PostgreSQL in the error's detail fields ({@code Key (name)=...}),
     * H2 in the message ({@code ON PUBLIC.t(name)}, {@code FOREIGN KEY(author_id)}); a database whose SQLSTATE
     * says less, as its dialect reads the error ({@link dev.tortoise.sql.dialect.Dialect#integrityFacts}).
     */
    static IntegrityError integrity(String message, R2dbcException r, String state,
                                    dev.tortoise.sql.dialect.IntegrityFacts facts) {
        if (facts != null) {
            return new IntegrityError(message, r, kind(facts.sqlState()), null, facts.columns(), facts.constraint());
        }
        return withDetails(message, r, kind(state));
    }

    private static IntegrityError.Kind kind(String state) {
        return switch (state) {
            case "23505" -> IntegrityError.Kind.UNIQUE;
            case "23503", "23506" -> IntegrityError.Kind.FOREIGN_KEY;
            case "23502" -> IntegrityError.Kind.NOT_NULL;
            case "23513", "23514" -> IntegrityError.Kind.CHECK;
            default -> IntegrityError.Kind.OTHER;
        };
    }

    private static IntegrityError withDetails(String message, R2dbcException r, IntegrityError.Kind kind) {
        String text = (r.getMessage() == null ? "" : r.getMessage()) + " " + postgresDetails(r);
        java.util.List<String> fields = new java.util.ArrayList<>();
        java.util.regex.Matcher m = KEY_COLUMNS.matcher(text);
        if (m.find()) {
            for (String column : m.group(1).split(",")) {
                String c = column.trim().replaceAll("(?i) (NULLS (FIRST|LAST)|ASC|DESC)$", "").replace("\"", "");
                if (!c.isEmpty() && !fields.contains(c)) {
                    fields.add(c);
                }
            }
        }
        if (fields.isEmpty()) {
            java.util.regex.Matcher c = COLUMN.matcher(text);
            if (c.find() && !c.group(1).isEmpty()) {
                fields.add(c.group(1));
            }
        }
        java.util.regex.Matcher n = CONSTRAINT.matcher(text);
        String constraint = null;
        while (constraint == null && n.find()) {
            constraint = n.group(1) != null ? n.group(1) : n.group(2);
            if (constraint != null && constraint.isEmpty()) {
                constraint = null;
            }
        }
        return new IntegrityError(message, r, kind, null, fields, constraint);
    }

    private static String postgresDetails(R2dbcException r) {
        return r.getClass().getName().startsWith("io.r2dbc.postgresql.") ? PostgresErrorDetails.of(r) : "";
    }
}
