package dev.tortoise.exception;

/** Raised when a transaction is used in a state that does not allow the operation. */
public class TransactionManagementError extends BaseORMException {
    private static final long serialVersionUID = 1L;

    public TransactionManagementError(String message) {
        super(message);
    }

    public TransactionManagementError(String message, Throwable cause) {
        super(message, cause);
    }
}
