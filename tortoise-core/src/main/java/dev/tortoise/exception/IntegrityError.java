package dev.tortoise.exception;

/** Raised when a write violates a unique, foreign-key, not-null or check constraint. */
public class IntegrityError extends OperationalError {
    private static final long serialVersionUID = 1L;

    public IntegrityError(String message) {
        super(message);
    }

    public IntegrityError(String message, Throwable cause) {
        super(message, cause);
    }
}
