package dev.tortoise.field;

import dev.tortoise.sql.ast.ColumnType;
import java.util.List;
import java.util.UUID;

final class StringType extends FieldType {
    private final String name;
    private final ColumnType columnType;

    StringType(String field, Class<?> javaType, String name, ColumnType columnType) {
        super(field, javaType);
        this.name = name;
        this.columnType = columnType;
    }

    @Override
    public String typeName() {
        return name;
    }

    @Override
    public String pythonType() {
        return "str";
    }

    @Override
    public ColumnType columnType() {
        return columnType;
    }

    @Override
    public Class<?> readClass() {
        return String.class;
    }

    @Override
    public boolean indexable() {
        return columnType.kind() != ColumnType.Kind.TEXT;
    }

    @Override
    protected boolean accepts(Class<?> boxed) {
        return boxed == String.class;
    }

    @Override
    protected String expectedJavaTypes() {
        return "String";
    }

    @Override
    public Object coerce(Object input) {
        if (input == null) {
            return null;
        }
        if (input instanceof String s) {
            return checkText(s);
        }
        if (input instanceof CharSequence || input instanceof Number || input instanceof UUID
                || input instanceof Boolean || input instanceof Character) {
            return checkText(input.toString());
        }
        if (input instanceof StringValuedEnum e) {
            return e.value();
        }
        if (input instanceof Enum<?> e) {
            return e.name();
        }
        throw invalid(input);
    }

    @Override
    public boolean isText() {
        return true;
    }

    @Override
    public String indexHint() {
        return columnType.kind() == ColumnType.Kind.TEXT
                ? " (" + name + " doesn't support unique indexes, consider CharField or another strategy)" : "";
    }

    /** A bounded string (CharField) checks its length before the database does. */
    @Override
    public List<Validator> implicitValidators() {
        return columnType.kind() == ColumnType.Kind.VARCHAR ? List.of(new Validators.MaxLength(columnType.length()))
                : List.of();
    }
}
