package dev.tortoise.exception;

/** Raised when a connection cannot be created, acquired or used. */
public class DBConnectionError extends BaseORMException {
    private static final long serialVersionUID = 1L;

    public DBConnectionError(String message) {
        super(message);
    }

    public DBConnectionError(String message, Throwable cause) {
        super(message, cause);
    }
}
