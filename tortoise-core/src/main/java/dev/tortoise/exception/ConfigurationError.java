package dev.tortoise.exception;

/** Raised when a model definition or the runtime configuration is invalid; names the model and field. */
public class ConfigurationError extends BaseORMException {
    private static final long serialVersionUID = 1L;

    public ConfigurationError(String message) {
        super(message);
    }

    public ConfigurationError(String message, Throwable cause) {
        super(message, cause);
    }
}
