package dev.tortoise.internal.query;

/** What a statement does, for routing (reads vs writes), metrics tags and logs. */
public enum Operation {
    SELECT(false), COUNT(false), EXISTS(false), VALUES(false), EXPLAIN(false), RAW(false),
    INSERT(true), UPDATE(true), DELETE(true), DDL(true), RAW_WRITE(true);

    private final boolean write;

    Operation(boolean write) {
        this.write = write;
    }

    /** Whether the statement writes (so it goes to the write connection of a router). */
    public boolean write() {
        return write;
    }

    /** The lower-case tag value. */
    public String tag() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
