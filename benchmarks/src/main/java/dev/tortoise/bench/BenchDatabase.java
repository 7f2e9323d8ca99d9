package dev.tortoise.bench;

import io.r2dbc.spi.ConnectionFactoryOptions;
import java.util.List;
import java.util.Map;
import org.springframework.data.r2dbc.dialect.R2dbcDialect;

/**
 * One database the suite runs against ({@code --db=postgres}): how to reach it, where to put a run's private
 * tables, the hand-written contenders' SQL dialect, Spring Data's dialect, and the facts about the server that
 * go into the report. A new database is one implementation of this interface, named in {@link #named}.
 */
public interface BenchDatabase {
    /** The {@code --db} value: {@code postgres}, {@code mariadb}. */
    String name();

    /** The database's name in the report: {@code PostgreSQL}, {@code MariaDB}. */
    String title();

    /** The R2DBC URL used when {@code --url} is not given. */
    String defaultUrl();

    /** The statement, run on the base URL, that creates a private namespace (schema or database) for one run. */
    String createScratch(String scratch);

    /** The statement, run on the base URL, that drops that namespace with everything in it. */
    String dropScratch(String scratch);

    /** The connection options of every pool of a run: the base URL's, pointed at the scratch namespace. */
    ConnectionFactoryOptions scratchOptions(ConnectionFactoryOptions base, String scratch, boolean forceBinary);

    /** The raw contender's SQL and the tables' DDL and data. */
    RawSql sql();

    /** Spring Data's dialect for this database. */
    R2dbcDialect springDialect();

    /** Spring Data reading converters this database needs so that every contender maps to the same values. */
    List<Object> springConverters(Json json);

    /** Rows for the report's environment table: server version, its settings, the driver. */
    Map<String, String> environment(BenchDb db, boolean forceBinary);

    /** The database named by {@code --db}. */
    static BenchDatabase named(String name) {
        return switch (name) {
            case "postgres", "postgresql" -> new Postgres();
            case "mariadb", "mysql" -> new MariaDb();
            default -> throw new IllegalArgumentException("--db must be one of: postgres, mariadb (got '" + name + "')");
        };
    }
}
