package dev.tortoise.exception;

/** Raised when a value fails a field's validators, length or type checks before any SQL is sent. */
public class ValidationError extends BaseORMException {
    private static final long serialVersionUID = 1L;

    public ValidationError(String message) {
        super(message);
    }

    public ValidationError(String message, Throwable cause) {
        super(message, cause);
    }
}
