package dev.tortoise.exception;

/**
 * Raised when a statement waited longer than the database allows for a lock another transaction
 * holds (PostgreSQL's {@code lock_timeout}, 55P03; H2's LOCK_TIMEOUT, 50200). Nothing was changed by
 * the statement, so running the same unit of work again is safe.
 */
public class LockTimeoutError extends OperationalError {
    private static final long serialVersionUID = 1L;

    public LockTimeoutError(String message, Throwable cause) {
        super(message, cause);
    }
}
