package dev.tortoise.exception;

/** Raised by {@code get()} when more than one row matches. */
public class MultipleObjectsReturned extends NotExistOrMultiple {
    private static final long serialVersionUID = 1L;

    public MultipleObjectsReturned(String modelName) {
        super(modelName, "Multiple objects returned for \"" + modelName + "\", expected exactly one");
    }
}
