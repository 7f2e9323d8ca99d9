package dev.tortoise.exception;

/** Raised when a field, lookup or ordering key is unknown or used in a way its field does not allow. */
public class FieldError extends BaseORMException {
    private static final long serialVersionUID = 1L;

    public FieldError(String message) {
        super(message);
    }

    public FieldError(String message, Throwable cause) {
        super(message, cause);
    }
}
