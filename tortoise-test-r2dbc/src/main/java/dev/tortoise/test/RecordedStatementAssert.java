package dev.tortoise.test;

import java.util.Arrays;
import java.util.Objects;
import org.assertj.core.api.AbstractAssert;

/** AssertJ assertions on one {@link RecordedStatement}: its SQL text and bind values. */
public final class RecordedStatementAssert extends AbstractAssert<RecordedStatementAssert, RecordedStatement> {

    RecordedStatementAssert(RecordedStatement actual) {
        super(actual, RecordedStatementAssert.class);
    }

    /** Checks the exact SQL text. */
    public RecordedStatementAssert hasSql(String expected) {
        isNotNull();
        if (!actual.sql().equals(expected)) {
            failWithMessage("Expected the statement%n  %s%nbut it was%n  %s", expected, actual.describe());
        }
        return this;
    }

    /** Checks the bound values, by index (arrays are compared by content). */
    public RecordedStatementAssert hasBindings(Object... expected) {
        isNotNull();
        Object[] bound = actual.bindings().toArray();
        if (!Arrays.deepEquals(bound, expected == null ? new Object[] {null} : expected)) {
            failWithMessage("Expected the bindings%n  %s%nbut the statement was%n  %s",
                    RecordedStatement.format(Arrays.asList(expected == null ? new Object[] {null} : expected)),
                    actual.describe());
        }
        return this;
    }

    /** Checks the statement's first keyword ({@code select}, {@code insert}...), case-insensitively. */
    public RecordedStatementAssert isOperation(String operation) {
        isNotNull();
        if (!actual.operation().equalsIgnoreCase(Objects.requireNonNull(operation))) {
            failWithMessage("Expected a %s statement but it was%n  %s", operation, actual.describe());
        }
        return this;
    }
}
