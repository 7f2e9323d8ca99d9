package dev.tortoise.exception;

/** The root of every exception the ORM raises; unchecked, so reactive pipelines carry it as an error signal. */
public class BaseORMException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BaseORMException(String message) {
        super(message);
    }

    public BaseORMException(String message, Throwable cause) {
        super(message, cause);
    }
}
