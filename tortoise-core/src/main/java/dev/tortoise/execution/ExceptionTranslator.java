package dev.tortoise.execution;

import dev.tortoise.exception.BaseORMException;
import dev.tortoise.exception.DBConnectionError;
import dev.tortoise.exception.IntegrityError;
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
            case INTEGRITY -> new IntegrityError(message, r);
            case DATA -> new ValidationError(message, r);
            case TRANSACTION -> new TransactionManagementError(message, r);
            case CONNECTION -> new DBConnectionError(message, r);
            case OPERATIONAL -> new OperationalError(message, r);
        };
        return out.withSql(sql);
    }
}
