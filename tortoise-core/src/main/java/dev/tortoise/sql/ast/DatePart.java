package dev.tortoise.sql.ast;

/** Parts of a date or time that lookups such as {@code created__year} extract. */
public enum DatePart {
    YEAR, QUARTER, MONTH, WEEK, DAY, HOUR, MINUTE, SECOND, MICROSECOND
}
