package dev.tortoise.exception;

/** Raised when the database in use cannot perform the requested operation. */
public class UnSupportedError extends BaseORMException {
    private static final long serialVersionUID = 1L;

    public UnSupportedError(String message) {
        super(message);
    }

    public UnSupportedError(String message, Throwable cause) {
        super(message, cause);
    }
}
