package dev.tortoise.exception;

import java.util.List;

/**
 * Raised when a write violates a unique, foreign-key, not-null or check constraint. Besides the
 * message, it says which kind of constraint failed and, where the database tells, on which model
 * and fields, so that an application can answer in its own words without showing SQL or values.
 */
public class IntegrityError extends OperationalError {
    private static final long serialVersionUID = 1L;

    /** The kind of constraint a write violated. */
    public enum Kind {
        /** A unique constraint or unique index (also the primary key). */
        UNIQUE,
        /** A foreign-key constraint: the referenced row is missing, or still referenced. */
        FOREIGN_KEY,
        /** A NOT NULL column got NULL. */
        NOT_NULL,
        /** A CHECK constraint. */
        CHECK,
        /** The database did not say which. */
        OTHER
    }

    private final Kind kind;
    private final String model;
    private final List<String> fields;
    private final String constraint;

    public IntegrityError(String message) {
        this(message, null, Kind.OTHER, null, List.of(), null);
    }

    public IntegrityError(String message, Throwable cause) {
        this(message, cause, Kind.OTHER, null, List.of(), null);
    }

    /**
     * @param model the model whose write failed, when known (null otherwise)
     * @param fields the model's field names the constraint covers, when known (empty otherwise)
     * @param constraint the constraint's name in the database, when known (null otherwise)
     */
    public IntegrityError(String message, Throwable cause, Kind kind, String model, List<String> fields,
                          String constraint) {
        super(message, cause);
        this.kind = kind == null ? Kind.OTHER : kind;
        this.model = model;
        this.fields = fields == null ? List.of() : List.copyOf(fields);
        this.constraint = constraint;
    }

    /** Which kind of constraint was violated ({@link Kind#OTHER} when the database did not say). */
    public Kind kind() {
        return kind;
    }

    /** The model whose write failed, or null when unknown. */
    public String model() {
        return model;
    }

    /** The model fields the violated constraint covers (for a foreign key, its {@code <name>_id} source field), or empty. */
    public List<String> fields() {
        return fields;
    }

    /** The constraint's name in the database, or null; for logs, not for end users. */
    public String constraint() {
        return constraint;
    }
}
