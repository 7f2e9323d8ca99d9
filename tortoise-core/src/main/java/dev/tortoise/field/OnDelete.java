package dev.tortoise.field;

/** What happens to referencing rows when the referenced row is deleted. */
public enum OnDelete {
    CASCADE("CASCADE"), RESTRICT("RESTRICT"), SET_NULL("SET NULL"), SET_DEFAULT("SET DEFAULT"),
    NO_ACTION("NO ACTION");

    private final String sql;

    OnDelete(String sql) {
        this.sql = sql;
    }

    /** The SQL spelling of the action. */
    public String sql() {
        return sql;
    }
}
