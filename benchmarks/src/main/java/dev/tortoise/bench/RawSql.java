package dev.tortoise.bench;

import io.r2dbc.spi.Readable;
import io.r2dbc.spi.Statement;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * The raw contender's SQL dialect: the statements the hand-written contender sends and the untimed DDL and
 * data of the benchmark tables. Statements that every database accepts stay in the workloads, written with
 * {@code $1}-style markers and passed through {@link #q}.
 */
public interface RawSql {
    /**
     * A timestamp column's value as the driver hands it over, as an {@code OffsetDateTime}: PostgreSQL's driver
     * reads {@code timestamptz} as one; MariaDB's has no {@code OffsetDateTime} codec and reads {@code DATETIME}
     * as the UTC wall time ({@code LocalDateTime}).
     */
    static OffsetDateTime timestamp(Readable row, int index) {
        Object v = row.get(index);
        return v instanceof LocalDateTime l ? l.atOffset(ZoneOffset.UTC) : (OffsetDateTime) v;
    }

    /** A timestamp as this database's driver binds it (PostgreSQL: as it is; MariaDB: its UTC wall time). */
    default Object timestamp(OffsetDateTime t) {
        return t;
    }

    /** The statement with its {@code $n} bind markers rewritten to this database's markers. */
    String q(String template);

    /** A condition that {@code column} is one of {@code n} values bound at {@code marker} (1-based) onwards. */
    String inList(String column, int marker, int n);

    /** Binds the values of an {@link #inList} condition starting at bind index {@code index} (0-based). */
    void bindInList(Statement st, int index, Integer[] values);

    /** The raw contender's bulk insert methods on this database, in report order (C). */
    List<String> bulkInsertMethods();

    /** DDL of a narrow table: id (generated), timestamp, level (indexed), text (indexed). */
    String[] narrowDdl(String table);

    /** Inserts rows 1..n: level {@code (r % 5 + 1) * 10} unless {@code levelExpr} (over {@code r}) is given. */
    String narrowFill(String table, int n, String levelExpr);

    /** DDL of the wide table (36 columns of every common type, JSON included). */
    String wideDdl();

    /** Inserts rows 1..n into the wide table. */
    String wideFill(int n);

    /** DDL of the relation tables: parent, child (NOT NULL FK to parent), item, tag, item_tag. */
    String[] relationsDdl();

    /** Fills the relation tables. */
    String[] relationsFill(Sizes s);

    /** Empties a table and restarts its generated keys at 1. */
    String truncate(String table);

    /** Refreshes the planner's statistics of a table. */
    String analyze(String table);

    /** One row describing a narrow table's whole content: count, sum of levels, a digest of every row. */
    String narrowState(String table);
}
