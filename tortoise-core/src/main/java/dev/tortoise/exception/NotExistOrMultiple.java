package dev.tortoise.exception;

/** The common parent of {@link DoesNotExist} and {@link MultipleObjectsReturned}; carries the model's name. */
public class NotExistOrMultiple extends OperationalError {
    private static final long serialVersionUID = 1L;
    private final String modelName;

    protected NotExistOrMultiple(String modelName, String message) {
        super(message);
        this.modelName = modelName;
    }

    /** The simple name of the model the query was for. */
    public String modelName() {
        return modelName;
    }
}
