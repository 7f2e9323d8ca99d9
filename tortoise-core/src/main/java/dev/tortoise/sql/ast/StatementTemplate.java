package dev.tortoise.sql.ast;

/**
 * A statement built once whose bind values are {@link Bind#slot slots}: each execution binds an
 * array of values to it ({@link #bind}) instead of building a tree. A renderer may keep the SQL
 * text it wrote for the template here ({@link #rendered}, {@link #remember}), so that running it
 * again costs no tree walk, no hash and no rendering.
 */
public final class StatementTemplate {
    private final Statement statement;
    private final int slots;
    /** Whether this template is built for one execution (a compiled queryset), not kept by its builder. */
    private final boolean oneOff;
    /** What the last renderer to write this template kept, with that renderer. */
    private volatile Memo memo;

    private record Memo(Object owner, Object rendered) {
    }

    /**
     * A template of {@code statement}, whose slot binds index an array of {@code slots} values.
     */
    public StatementTemplate(Statement statement, int slots) {
        this(statement, slots, false);
    }

    private StatementTemplate(Statement statement, int slots, boolean oneOff) {
        this.statement = statement;
        this.slots = slots;
        this.oneOff = oneOff;
    }

    /**
     * A template of {@code statement} built for one execution (a queryset compiled when it is
     * subscribed to): a renderer keeps its text in its statement cache, keyed by the statement's
     * shape, not on the template, which nothing runs again.
     */
    public static StatementTemplate oneOff(Statement statement, int slots) {
        return new StatementTemplate(statement, slots, true);
    }

    /** Whether this template was built for one execution ({@link #oneOff}). */
    public boolean isOneOff() {
        return oneOff;
    }

    /** The statement, with slot binds in place of values. */
    public Statement statement() {
        return statement;
    }

    /** How many values an execution binds. */
    public int slots() {
        return slots;
    }

    /** This template with {@code values} (taken as given, not copied), one per slot. */
    public BoundStatement bind(Object[] values) {
        if (values.length != slots) {
            throw new IllegalArgumentException("The template has " + slots + " slots, got " + values.length
                    + " values");
        }
        return new BoundStatement(this, values);
    }

    /** What {@code owner} (a renderer) kept with {@link #remember}, or null when it kept nothing (or another did since). */
    public Object rendered(Object owner) {
        Memo m = memo;
        return m != null && m.owner == owner ? m.rendered : null;
    }

    /** Whether any renderer kept something here. */
    public boolean hasRendered() {
        return memo != null;
    }

    /** Keeps {@code rendered} for {@code owner}, replacing what any renderer kept before. */
    public void remember(Object owner, Object rendered) {
        memo = new Memo(owner, rendered);
    }

    @Override
    public String toString() {
        return statement.toString();
    }
}
