package dev.tortoise.test;

import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A fresh, empty database for one test or one test class: a new in-memory H2 database, a new schema in the
 * PostgreSQL test database, or a new MariaDB database. Its {@link #url()} goes to {@code tortoise.db-url} or
 * {@code TortoiseConfig.builder().connection(...)}; {@link #close()} drops it. {@link #query(String)} and
 * {@link #countRows(String)} read it outside the ORM, on a connection of their own.
 *
 * <p>Made by {@link DatabaseKind#fresh()}, or handed to {@link DatabaseTest @DatabaseTest} methods and
 * {@link FreshDatabase @FreshDatabase} classes, where it is created on first use: a PostgreSQL case whose server
 * is unreachable is then skipped (or failed) inside that case, not before it.
 */
public final class TestDatabase implements AutoCloseable {
    private final DatabaseKind kind;
    private volatile Location location;
    private volatile ConnectionFactory factory;
    private volatile boolean closed;

    private TestDatabase(DatabaseKind kind) {
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    /** A fresh database of {@code kind}, created now. */
    public static TestDatabase create(DatabaseKind kind) {
        TestDatabase db = new TestDatabase(kind);
        db.location();
        return db;
    }

    /** A database of {@code kind} created on first use. */
    static TestDatabase lazy(DatabaseKind kind) {
        return new TestDatabase(kind);
    }

    public DatabaseKind kind() {
        return kind;
    }

    /** Whether this is a PostgreSQL database. */
    public boolean isPostgres() {
        return kind == DatabaseKind.POSTGRES;
    }

    /** The R2DBC URL of this database, e.g. {@code r2dbc:postgresql://postgres@127.0.0.1:5432/test?schema=tt_1a2b...}. */
    public String url() {
        return location().url();
    }

    /** The JDBC URL of this database (for Flyway or {@code spring.flyway.url}). */
    public String jdbcUrl() {
        return location().jdbcUrl();
    }

    /** The server's host, or null for H2. */
    public String host() {
        return location().host();
    }

    /** The server's port, or 0 for H2. */
    public int port() {
        return location().port();
    }

    public String user() {
        return location().user();
    }

    /** The password ("" when none). */
    public String password() {
        return location().password();
    }

    /** The database name: PostgreSQL's database ({@code test}), MariaDB's fresh database, or H2's in-memory database name. */
    public String database() {
        return location().database();
    }

    /** The PostgreSQL schema this test database is, or null for H2 and MariaDB. */
    public String schema() {
        return location().schema();
    }

    /**
     * A connection factory on this database, not pooled, opening a connection per use: for reading what the ORM
     * stored from outside it ({@link RawSql}), or for handing to code under test. Not affected by any test
     * transaction.
     */
    public ConnectionFactory connectionFactory() {
        ConnectionFactory f = factory;
        if (f == null) {
            synchronized (this) {
                if (factory == null) {
                    factory = ConnectionFactories.get(url());
                }
                f = factory;
            }
        }
        return f;
    }

    /** Runs SQL statements (DDL, inserts) on this database, each committed on its own. */
    public void execute(String... statements) {
        for (String sql : statements) {
            RawSql.execute(connectionFactory(), sql);
        }
    }

    /** Runs a query on this database outside the ORM; each row is a map from lower-case column name to value. */
    public List<Map<String, Object>> query(String sql) {
        return RawSql.query(connectionFactory(), sql);
    }

    /** The number of rows in {@code table}, read outside the ORM. */
    public long countRows(String table) {
        return RawSql.countRows(connectionFactory(), table);
    }

    /** Drops the database (PostgreSQL: its schema; MariaDB: its database; H2: shuts the in-memory database down). Idempotent. */
    @Override
    public void close() {
        Location l;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            l = location;
        }
        if (l == null) {
            return;
        }
        if (l.drop() != null) {
            kind.admin(l.drop());
        } else {
            RawSql.execute(factory != null ? factory : ConnectionFactories.get(l.url()), "SHUTDOWN");
        }
    }

    private Location location() {
        Location l = location;
        if (l == null) {
            synchronized (this) {
                if (closed) {
                    throw new IllegalStateException("This test database was closed");
                }
                if (location == null) {
                    kind.assumeReachable();
                    location = kind.freshLocation();
                }
                l = location;
            }
        }
        return l;
    }

    /** The display name's part: the kind's label ({@code h2}, {@code postgres}, {@code mariadb}). */
    @Override
    public String toString() {
        return kind.label();
    }

    /** Where a fresh database lives and how to drop it (null: H2's SHUTDOWN). */
    record Location(String url, String jdbcUrl, String drop, String host, int port, String user, String password,
                    String database, String schema) {
    }
}
