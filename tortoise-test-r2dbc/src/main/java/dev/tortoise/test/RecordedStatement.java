package dev.tortoise.test;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.assertj.core.api.AssertProvider;

/**
 * One SQL statement sent through a {@link StatementRecorder}'s connection factory: its text, the values bound to
 * it and, once it has finished, how long it took and how it failed. {@code assertThat(statement)} gives a
 * {@link RecordedStatementAssert}.
 */
public final class RecordedStatement implements AssertProvider<RecordedStatementAssert> {
    private final String connection;
    private final String sql;
    private final List<List<Object>> bindingSets;
    private volatile Duration duration;
    private volatile Throwable error;

    RecordedStatement(String connection, String sql, List<List<Object>> bindingSets) {
        this.connection = connection;
        this.sql = sql;
        this.bindingSets = bindingSets;
    }

    /** The name of the connection (as given to the decorator) the statement ran on. */
    public String connection() {
        return connection;
    }

    /** The SQL text, with the driver's bind markers ({@code $1} on PostgreSQL, {@code ?} or {@code $1} on H2). */
    public String sql() {
        return sql;
    }

    /**
     * The values bound to the statement, by index; a bound null is {@code null}. For a statement executed with
     * several binding sets ({@code Statement.add()}) these are the first set's values; see {@link #bindingSets()}.
     */
    public List<Object> bindings() {
        return bindingSets.isEmpty() ? List.of() : bindingSets.get(0);
    }

    /** Every binding set the statement was executed with, in order (usually one). */
    public List<List<Object>> bindingSets() {
        return bindingSets;
    }

    /** The statement's first keyword in lower case ({@code select}, {@code insert}, {@code update}, {@code with}...). */
    public String operation() {
        String s = sql.stripLeading();
        int end = 0;
        while (end < s.length() && Character.isLetter(s.charAt(end))) {
            end++;
        }
        return s.substring(0, end).toLowerCase(Locale.ROOT);
    }

    /** The time from execution to the last result consumed, or null while the statement is still running. */
    public Duration duration() {
        return duration;
    }

    /** The error the statement ended with, or null (it succeeded, or is still running). */
    public Throwable error() {
        return error;
    }

    /** Whether the statement has finished (its results were consumed, or it failed or was cancelled). */
    public boolean isFinished() {
        return duration != null;
    }

    void finish(Duration took, Throwable failure) {
        this.error = failure;
        this.duration = took == null ? Duration.ZERO : took;
    }

    @Override
    public RecordedStatementAssert assertThat() {
        return new RecordedStatementAssert(this);
    }

    /** The statement as one line of a failure report: its SQL, then its bindings (and its error, if any). */
    String describe() {
        StringBuilder b = new StringBuilder(sql);
        if (bindingSets.size() == 1) {
            b.append("\n     bindings: ").append(format(bindingSets.get(0)));
        } else if (bindingSets.size() > 1) {
            for (int i = 0; i < bindingSets.size(); i++) {
                b.append("\n     bindings ").append(i + 1).append(": ").append(format(bindingSets.get(i)));
            }
        }
        if (error != null) {
            b.append("\n     failed: ").append(error);
        }
        return b.toString();
    }

    static String format(List<Object> values) {
        return values.stream().map(RecordedStatement::format).collect(Collectors.joining(", ", "[", "]"));
    }

    private static String format(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof CharSequence s) {
            return "'" + s + "'";
        }
        if (v instanceof Object[] a) {
            return Arrays.deepToString(a);
        }
        if (v.getClass().isArray()) {
            return Arrays.deepToString(new Object[] {v}).replaceAll("^\\[|\\]$", "");
        }
        return String.valueOf(v);
    }

    @Override
    public String toString() {
        return describe();
    }
}
