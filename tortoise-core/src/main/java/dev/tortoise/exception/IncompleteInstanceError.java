package dev.tortoise.exception;

/** Raised when a partial instance (loaded with only()) is saved in a way that would lose data. */
public class IncompleteInstanceError extends OperationalError {
    private static final long serialVersionUID = 1L;

    public IncompleteInstanceError(String message) {
        super(message);
    }

    public IncompleteInstanceError(String message, Throwable cause) {
        super(message, cause);
    }
}
