package dev.tortoise.exception;

/** Raised when a relation is read synchronously before its values were fetched. */
public class NoValuesFetched extends OperationalError {
    private static final long serialVersionUID = 1L;

    public NoValuesFetched(String message) {
        super(message);
    }

    public NoValuesFetched(String message, Throwable cause) {
        super(message, cause);
    }
}
