package dev.tortoise.exception;

/** Raised when a lookup by primary key finds nothing: {@code Model has no object with pk=value}. */
public class ObjectDoesNotExistError extends OperationalError {
    private static final long serialVersionUID = 1L;

    public ObjectDoesNotExistError(String modelName, String pkName, Object pkValue) {
        super(modelName + " has no object with " + pkName + "=" + pkValue);
    }
}
