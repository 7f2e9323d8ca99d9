package dev.tortoise.exception;

/**
 * Raised when a statement ran longer than its timeout ({@code QuerySet.timeout(Duration)} or the
 * runtime's {@code statement-timeout}) and was cancelled on the database server. The connection
 * it ran on stays usable; inside a transaction the transaction can only roll back, as after any
 * failed statement.
 */
public class QueryTimeoutError extends OperationalError {
    private static final long serialVersionUID = 1L;

    public QueryTimeoutError(String message) {
        super(message);
    }

    public QueryTimeoutError(String message, Throwable cause) {
        super(message, cause);
    }
}
