package dev.tortoise.exception;

/** Raised when the database or the ORM cannot carry out an operation. */
public class OperationalError extends BaseORMException {
    private static final long serialVersionUID = 1L;

    public OperationalError(String message) {
        super(message);
    }

    public OperationalError(String message, Throwable cause) {
        super(message, cause);
    }
}
