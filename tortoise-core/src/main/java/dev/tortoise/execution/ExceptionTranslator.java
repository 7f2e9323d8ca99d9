package dev.tortoise.execution;

import dev.tortoise.exception.BaseORMException;
import dev.tortoise.exception.DBConnectionError;
import dev.tortoise.exception.IntegrityError;
import dev.tortoise.exception.OperationalError;
import dev.tortoise.exception.TransactionManagementError;
import dev.tortoise.exception.ValidationError;
import io.r2dbc.spi.R2dbcException;
import io.r2dbc.spi.R2dbcNonTransientResourceException;
import io.r2dbc.spi.R2dbcTimeoutException;
import io.r2dbc.spi.R2dbcTransientResourceException;

/**
 * Turns driver errors into the ORM's exceptions by SQLSTATE, the same way for every database:
 * class 23 (unique, foreign-key, not-null, check) is an IntegrityError, class 22 (bad data) a
 * ValidationError, class 25 a TransactionManagementError, class 08 a DBConnectionError and the rest
 * an OperationalError. The SQL text is attached to the exception, never put in its message.
 */
public final class ExceptionTranslator {
    private ExceptionTranslator() {
    }

    /** The ORM exception for {@code error} raised while running {@code sql} (null when unknown). */
    public static Throwable translate(Throwable error, String sql) {
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
        String message = clean(r.getMessage());
        BaseORMException out;
        if (state.startsWith("23")) {
            out = integrity(message, r, state);
        } else if (state.startsWith("22")) {
            out = new ValidationError(message, r);
        } else if (state.startsWith("25") || state.startsWith("2D") || state.equals("40000")) {
            out = new TransactionManagementError(message, r);
        } else if (state.startsWith("08") || state.startsWith("28") || state.startsWith("57P")
                || (state.isEmpty() && (r instanceof R2dbcNonTransientResourceException
                || r instanceof R2dbcTransientResourceException || r instanceof R2dbcTimeoutException))) {
            out = new DBConnectionError(message, r);
        } else {
            out = new OperationalError(message, r);
        }
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
     * H2 in the message ({@code ON PUBLIC.t(name)}, {@code FOREIGN KEY(author_id)}).
     */
    static IntegrityError integrity(String message, R2dbcException r, String state) {
        IntegrityError.Kind kind = switch (state) {
            case "23505" -> IntegrityError.Kind.UNIQUE;
            case "23503", "23506" -> IntegrityError.Kind.FOREIGN_KEY;
            case "23502" -> IntegrityError.Kind.NOT_NULL;
            case "23513", "23514" -> IntegrityError.Kind.CHECK;
            default -> IntegrityError.Kind.OTHER;
        };
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

    /** The driver's message without the SQL text some drivers (H2) append. */
    static String clean(String message) {
        if (message == null) {
            return "Database error";
        }
        int at = message.indexOf("; SQL statement:");
        if (at >= 0) {
            message = message.substring(0, at);
        }
        // H2 quotes the whole statement in syntax errors: keep what was expected, drop the statement.
        String syntax = "Syntax error in SQL statement \"";
        int syn = message.indexOf(syntax);
        if (syn >= 0) {
            int expected = message.lastIndexOf("; expected ");
            message = message.substring(0, syn) + "Syntax error in SQL statement"
                    + (expected > syn ? message.substring(expected) : "");
        }
        return message.strip();
    }
}
