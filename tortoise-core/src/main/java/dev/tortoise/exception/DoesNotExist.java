package dev.tortoise.exception;

/** Raised by {@code get()} when no row matches: {@code Object "Model" does not exist}. */
public class DoesNotExist extends NotExistOrMultiple {
    private static final long serialVersionUID = 1L;

    public DoesNotExist(String modelName) {
        super(modelName, "Object \"" + modelName + "\" does not exist");
    }

    /** Creates one with a message of the caller's choosing (Tortoise's string form). */
    public static DoesNotExist withMessage(String modelName, String message) {
        return new DoesNotExist(modelName, message);
    }

    private DoesNotExist(String modelName, String message) {
        super(modelName, message);
    }
}
