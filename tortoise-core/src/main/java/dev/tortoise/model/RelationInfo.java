package dev.tortoise.model;

import dev.tortoise.field.OnDelete;

/**
 * The two sides of a relation as linked at init. For a forward FK/O2O, {@code keyField} is the
 * {@code <name>_id} data field holding the column; for M2M, {@code throughTable} and the two key
 * columns describe the join table.
 */
public final class RelationInfo {
    private final Class<?> targetClass;
    private final String relatedName;
    private final OnDelete onDelete;
    private final boolean dbConstraint;
    private final String toFieldName;
    private final String throughTable;
    private final String forwardKey;
    private final String backwardKey;
    private Class<?> throughModelClass;
    private boolean createUniqueIndex = true;
    private boolean reverseSide;
    private String keyColumn;
    private boolean keyIndexed;
    private String keyDescription = "";
    private ModelMeta target;
    private FieldMeta keyField;
    private FieldMeta toField;
    private FieldMeta reverse;
    private ModelMeta throughModel;
    /** The two models while the registry links them, until {@link #resolve()} sets the finished metadata. */
    private ModelMeta.Builder targetBuilder;
    private ModelMeta.Builder throughBuilder;

    public RelationInfo(Class<?> targetClass, String relatedName, OnDelete onDelete, boolean dbConstraint,
                        String toFieldName, String throughTable, String forwardKey, String backwardKey) {
        this.targetClass = targetClass;
        this.relatedName = relatedName;
        this.onDelete = onDelete;
        this.dbConstraint = dbConstraint;
        this.toFieldName = toFieldName;
        this.throughTable = throughTable;
        this.forwardKey = forwardKey;
        this.backwardKey = backwardKey;
    }

    public Class<?> targetClass() {
        return targetClass;
    }

    /** The reverse accessor's name as declared; null for the default, empty for none. */
    public String relatedName() {
        return relatedName;
    }

    public OnDelete onDelete() {
        return onDelete;
    }

    public boolean dbConstraint() {
        return dbConstraint;
    }

    public String toFieldName() {
        return toFieldName;
    }

    public String throughTable() {
        return throughTable;
    }

    public String forwardKey() {
        return forwardKey;
    }

    public String backwardKey() {
        return backwardKey;
    }

    /** The model on the other side. */
    public ModelMeta target() {
        return target;
    }

    /** The {@code <name>_id} field of a forward FK/O2O. */
    public FieldMeta keyField() {
        return keyField;
    }

    /** The target field the key refers to (the target's primary key unless to_field is given). */
    public FieldMeta toField() {
        return toField;
    }

    /** The field on the other side of the relation, or null when it has no accessor. */
    public FieldMeta reverse() {
        return reverse;
    }

    /** The model that owns the through table of an M2M, or null when the ORM manages it. */
    public ModelMeta throughModel() {
        return throughModel;
    }

    /** The model class named as the M2M's through model, or null. */
    public Class<?> throughModelClass() {
        return throughModelClass;
    }

    void throughModelClass(Class<?> c) {
        this.throughModelClass = c;
    }

    /** Whether schema generation creates a unique index on the join table's key pair. */
    public boolean createUniqueIndex() {
        return createUniqueIndex;
    }

    void createUniqueIndex(boolean value) {
        this.createUniqueIndex = value;
    }

    /** Whether this is the implied or declared reverse side of an M2M (the join table belongs to the other side). */
    public boolean reverseSide() {
        return reverseSide;
    }

    void markReverse() {
        this.reverseSide = true;
    }

    String keyColumn() {
        return keyColumn;
    }

    boolean keyIndexed() {
        return keyIndexed;
    }

    String keyDescription() {
        return keyDescription;
    }

    void keySpec(String column, boolean indexed, String description) {
        this.keyColumn = column;
        this.keyIndexed = indexed;
        this.keyDescription = description;
    }

    void link(ModelMeta.Builder target, FieldMeta keyField, FieldMeta toField, FieldMeta reverse,
              ModelMeta.Builder throughModel) {
        this.targetBuilder = target;
        this.keyField = keyField;
        this.toField = toField;
        this.reverse = reverse;
        this.throughBuilder = throughModel;
    }

    /** Whether {@link #link} has run (the target is known). */
    boolean linked() {
        return targetBuilder != null || target != null;
    }

    /** Points the relation at the finished metadata of the models it links, once they are built. */
    void resolve() {
        if (targetBuilder != null) {
            target = targetBuilder.build();
            targetBuilder = null;
        }
        if (throughBuilder != null) {
            throughModel = throughBuilder.build();
            throughBuilder = null;
        }
    }
}
