package dev.tortoise.exception;

/** Raised when arguments to a query or write are inconsistent or out of range. */
public class ParamsError extends BaseORMException {
    private static final long serialVersionUID = 1L;

    public ParamsError(String message) {
        super(message);
    }

    public ParamsError(String message, Throwable cause) {
        super(message, cause);
    }
}
