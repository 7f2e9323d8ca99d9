package dev.tortoise.exception;

/**
 * Raised when a lookup by primary key ({@code Manager.byPk}, Tortoise's {@code Model[pk]}) finds
 * no row or gets a key its type cannot hold: {@code Model has no object with pk=value}.
 */
public class ObjectDoesNotExistError extends OperationalError {
    private static final long serialVersionUID = 1L;

    private final String model;
    private final String pkName;
    private final transient Object pkValue;

    public ObjectDoesNotExistError(String modelName, String pkName, Object pkValue) {
        super(modelName + " has no object with " + pkName + "=" + pkValue);
        this.model = modelName;
        this.pkName = pkName;
        this.pkValue = pkValue;
    }

    /** The model's name. */
    public String model() {
        return model;
    }

    /** The primary key's field name. */
    public String pkName() {
        return pkName;
    }

    /** The key that was looked up, as given. */
    public Object pkValue() {
        return pkValue;
    }
}
