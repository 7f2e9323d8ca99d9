package dev.tortoise.sql.ast;

/**
 * A {@link StatementTemplate} with the values of one execution: element {@code i} of
 * {@code values} fills the template's binds of slot {@code i}.
 *
 * @param template the statement built once
 * @param values one value per slot, already converted to what the driver accepts (nulls allowed);
 *     taken as given, not copied (a {@link StatementTemplate#oneOff one-off} template's may be longer
 *     than its slots: the elements past them are never read)
 */
public record BoundStatement(StatementTemplate template, Object[] values) implements Statement {
    @Override
    public <R> R accept(StatementVisitor<R> visitor) {
        return visitor.visitBound(this);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BoundStatement b && b.template == template
                && java.util.Arrays.equals(b.values, values);
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(template) * 31 + java.util.Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return template + " " + java.util.Arrays.toString(values);
    }
}
