package dev.tortoise.test;

import java.util.Arrays;
import java.util.List;
import org.assertj.core.api.AbstractAssert;

/**
 * AssertJ assertions on a {@link StatementRecorder}: {@code assertThat(recorder).hasStatementCount(2)}. Every
 * failure lists the recorded statements with their bindings.
 */
public final class StatementRecorderAssert extends AbstractAssert<StatementRecorderAssert, StatementRecorder> {

    StatementRecorderAssert(StatementRecorder actual) {
        super(actual, StatementRecorderAssert.class);
    }

    /** Checks that exactly {@code expected} statements were recorded. */
    public StatementRecorderAssert hasStatementCount(int expected) {
        isNotNull();
        List<RecordedStatement> ran = actual.statements();
        if (ran.size() != expected) {
            failWithMessage("%s", StatementRecorder.countMismatch(expected, ran));
        }
        return this;
    }

    /** Checks that no statement was recorded. */
    public StatementRecorderAssert hasNoStatements() {
        return hasStatementCount(0);
    }

    /** Checks that the recorded statements have exactly these SQL texts, in this order. */
    public StatementRecorderAssert hasSql(String... expected) {
        isNotNull();
        List<String> sql = actual.sql();
        if (!sql.equals(Arrays.asList(expected))) {
            failWithMessage("Expected the statements%n%s%nbut these ran:%n%s", numbered(expected), actual.describe());
        }
        return this;
    }

    /** Checks that some recorded statement's SQL contains {@code fragment}. */
    public StatementRecorderAssert hasSqlContaining(String fragment) {
        isNotNull();
        if (actual.sql().stream().noneMatch(s -> s.contains(fragment))) {
            failWithMessage("Expected a statement containing%n  %s%nbut these ran:%n%s", fragment, actual.describe());
        }
        return this;
    }

    /** Checks that no recorded statement's SQL contains {@code fragment}. */
    public StatementRecorderAssert hasNoSqlContaining(String fragment) {
        isNotNull();
        if (actual.sql().stream().anyMatch(s -> s.contains(fragment))) {
            failWithMessage("Expected no statement containing%n  %s%nbut these ran:%n%s", fragment, actual.describe());
        }
        return this;
    }

    /** Assertions on the statement at {@code index} (0 for the first), failing when fewer were recorded. */
    public RecordedStatementAssert statement(int index) {
        isNotNull();
        List<RecordedStatement> ran = actual.statements();
        if (index < 0 || index >= ran.size()) {
            failWithMessage("Expected a statement at index %d but %d ran:%n%s", index, ran.size(),
                    StatementRecorder.describe(ran));
        }
        return new RecordedStatementAssert(ran.get(index));
    }

    private static String numbered(String[] sql) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < sql.length; i++) {
            b.append(i == 0 ? "" : "\n").append("  ").append(i + 1).append(". ").append(sql[i]);
        }
        return sql.length == 0 ? "  (no statements)" : b.toString();
    }
}
