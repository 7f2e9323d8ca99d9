package dev.tortoise.test;

import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * A database engine tests run on, named as in display names ({@code [h2]}, {@code [postgres]}, {@code [mariadb]}):
 * in-memory H2; the PostgreSQL server at {@code 127.0.0.1:5432}, user {@code postgres}, database {@code test}
 * (override with {@code -Dtortoise.test.pg-host}, {@code .pg-port}, {@code .pg-user}, {@code .pg-password},
 * {@code .pg-database}); the MariaDB server at {@code 127.0.0.1:3306}, user {@code root}, no password (override with
 * {@code -Dtortoise.test.mariadb-host}, {@code .mariadb-port}, {@code .mariadb-user}, {@code .mariadb-password}).
 *
 * <p>A server that cannot be reached makes its cases skip with a loud message, or fail under
 * {@code -Dtortoise.test.require-<label>=true} ({@code require-postgres}, {@code require-mariadb}); see
 * {@link #assumeReachable()}.
 *
 * <p>Which kinds {@link DatabaseTest @DatabaseTest} and {@link FreshDatabase @FreshDatabase} run on when they name
 * none is {@link #matrix()}: a kind joins the matrix once Tortoise has a dialect for it, so adding a dialect to
 * tortoise-core makes every such test run on that database too.
 */
public enum DatabaseKind {
    /** H2 in memory: always there, a fresh database per {@link TestDatabase}. */
    H2("h2", "H2") {
        @Override
        TestDatabase.Location freshLocation() {
            String name = "t" + UUID.randomUUID().toString().replace("-", "");
            return new TestDatabase.Location("r2dbc:h2:mem:///" + name + "?options=DB_CLOSE_DELAY=-1",
                    "jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1", null, null, 0, "", "", name, null);
        }
    },

    /** PostgreSQL on a server: a fresh schema of its test database per {@link TestDatabase}. */
    POSTGRES("postgres", "PostgreSQL") {
        @Override
        TestDatabase.Location freshLocation() {
            String schema = "tt_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
            admin("CREATE SCHEMA \"" + schema + "\"");
            Server s = Server.POSTGRES;
            return new TestDatabase.Location(s.r2dbcUrl() + "?schema=" + schema,
                    "jdbc:postgresql://" + s.host + ":" + s.port + "/" + s.database + "?currentSchema=" + schema,
                    "DROP SCHEMA IF EXISTS \"" + schema + "\" CASCADE", s.host, s.port, s.user, s.password, s.database,
                    schema);
        }
    },

    /**
     * MariaDB on a server: a fresh database ({@code CREATE DATABASE tt_...}) per {@link TestDatabase}, dropped
     * afterwards. Needs the R2DBC driver {@code org.mariadb:r2dbc-mariadb} on the test class path.
     */
    MARIADB("mariadb", "MariaDB") {
        @Override
        TestDatabase.Location freshLocation() {
            String database = "tt_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
            admin("CREATE DATABASE `" + database + "`");
            Server s = Server.MARIADB;
            return new TestDatabase.Location(s.r2dbcUrl(database),
                    "jdbc:mariadb://" + s.host + ":" + s.port + "/" + database,
                    "DROP DATABASE IF EXISTS `" + database + "`", s.host, s.port, s.user, s.password, database, null);
        }
    };

    /**
     * The system property that sets the matrix by hand: labels separated by commas
     * ({@code -Dtortoise.test.databases=h2,postgres,mariadb}); unset or blank, {@link #matrix()} asks Tortoise.
     */
    public static final String MATRIX_PROPERTY = "tortoise.test.databases";

    private final String label;
    private final String product;

    DatabaseKind(String label, String product) {
        this.label = label;
        this.product = product;
    }

    /** The name used in display names and properties: {@code h2}, {@code postgres}, {@code mariadb}. */
    public String label() {
        return label;
    }

    /** The product's name for messages: {@code H2}, {@code PostgreSQL}, {@code MariaDB}. */
    public String product() {
        return product;
    }

    /** Whether the database lives on a server (which may be unreachable) rather than in this JVM. */
    public boolean isServer() {
        return server() != null;
    }

    /** The system property that turns a skip for an unreachable server into a failure: {@code tortoise.test.require-<label>}. */
    public String requireProperty() {
        return "tortoise.test.require-" + label;
    }

    /**
     * Returns when the database can be used; otherwise aborts the running test or container (JUnit's skip) after
     * a loud message on stderr, or fails it when {@link #requireProperty()} is {@code true}. The server is probed
     * once per JVM.
     */
    public void assumeReachable() {
        Server s = server();
        if (s != null) {
            Reachability.require(product, label, s.display(), requireProperty(), () -> s.run("SELECT 1"));
        }
    }

    /**
     * Runs one SQL statement on the server's own database (PostgreSQL: the {@code test} database; MariaDB: no
     * database selected), outside any test database: for creating or dropping schemas or databases and the like.
     * Checks reachability first.
     *
     * @throws UnsupportedOperationException for H2, which has no server
     */
    public void admin(String sql) {
        Server s = server();
        if (s == null) {
            throw new UnsupportedOperationException(product + " has no server to run admin SQL on; use a TestDatabase");
        }
        assumeReachable();
        s.run(sql);
    }

    /**
     * The R2DBC URL of the server's own database (PostgreSQL: {@code r2dbc:postgresql://postgres@127.0.0.1:5432/test};
     * MariaDB: {@code r2dbc:mariadb://root@127.0.0.1:3306}, no database), or null for H2.
     */
    public String serverUrl() {
        Server s = server();
        return s == null ? null : s.r2dbcUrl();
    }

    /** The server's host ({@code 127.0.0.1} unless overridden), or null for H2. */
    public String host() {
        Server s = server();
        return s == null ? null : s.host;
    }

    /** The server's port (5432, 3306 unless overridden), or 0 for H2. */
    public int port() {
        Server s = server();
        return s == null ? 0 : s.port;
    }

    /** The R2DBC driver name of this kind's URLs: {@code h2}, {@code postgresql}, {@code mariadb}. */
    public String driver() {
        return this == H2 ? "h2" : server().driver;
    }

    /**
     * The kinds a {@link DatabaseTest @DatabaseTest} or {@link FreshDatabase @FreshDatabase} that names none runs
     * on, in declaration order. The rule, in this order:
     * <ol>
     * <li>{@code -Dtortoise.test.databases=h2,postgres,...} ({@link #MATRIX_PROPERTY}), when set, names them
     * exactly;</li>
     * <li>otherwise, with tortoise-core on the class path, every kind for which a Tortoise dialect is registered
     * (its {@code DialectProvider} ServiceLoader registry, {@code Dialects.forName}, knows the kind's label or
     * R2DBC driver name): H2 and PostgreSQL today, MariaDB as soon as its dialect is added;</li>
     * <li>without tortoise-core (plain R2DBC code): H2 and PostgreSQL.</li>
     * </ol>
     * A kind outside the matrix can still be named explicitly ({@code @DatabaseTest(DatabaseKind.MARIADB)}).
     *
     * @throws IllegalArgumentException when the property names an unknown kind
     */
    public static List<DatabaseKind> matrix() {
        String chosen = System.getProperty(MATRIX_PROPERTY, "").strip();
        if (!chosen.isEmpty()) {
            List<DatabaseKind> kinds = new ArrayList<>();
            for (String label : chosen.split(",")) {
                kinds.add(forLabel(label.strip()));
            }
            return List.copyOf(kinds);
        }
        return DefaultMatrix.MATRIX;
    }

    /**
     * The kind with this label ({@code h2}, {@code postgres}, {@code mariadb}; ignoring case).
     *
     * @throws IllegalArgumentException naming the labels when none matches
     */
    public static DatabaseKind forLabel(String label) {
        for (DatabaseKind k : values()) {
            if (k.label.equalsIgnoreCase(label)) {
                return k;
            }
        }
        throw new IllegalArgumentException("Unknown database kind '" + label + "'; known: "
                + Arrays.stream(values()).map(DatabaseKind::label).toList());
    }

    /** A fresh, empty database of this kind (created now; skips or fails as {@link #assumeReachable()} says). */
    public TestDatabase fresh() {
        return TestDatabase.create(this);
    }

    /** Creates the storage of a fresh database (reachability already checked). */
    abstract TestDatabase.Location freshLocation();

    private Server server() {
        switch (this) {
            case POSTGRES:
                return Server.POSTGRES;
            case MARIADB:
                return Server.MARIADB;
            default:
                return null;
        }
    }

    @Override
    public String toString() {
        return label;
    }

    /**
     * The default matrix, computed once: the kinds tortoise-core's dialect registry serves, looked up by reflection
     * because this module must not depend on the core (the core's own tests use it).
     */
    private static final class DefaultMatrix {
        static final List<DatabaseKind> MATRIX = compute();

        private static List<DatabaseKind> compute() {
            Method forName;
            try {
                forName = Class.forName("dev.tortoise.sql.dialect.Dialects", true, DatabaseKind.class.getClassLoader())
                        .getMethod("forName", String.class);
            } catch (ClassNotFoundException | NoSuchMethodException e) {
                return List.of(H2, POSTGRES);
            }
            List<DatabaseKind> kinds = new ArrayList<>();
            for (DatabaseKind k : values()) {
                if (hasDialect(forName, k.label) || hasDialect(forName, k.driver())) {
                    kinds.add(k);
                }
            }
            return List.copyOf(kinds);
        }

        private static boolean hasDialect(Method forName, String name) {
            try {
                return forName.invoke(null, name.toLowerCase(Locale.ROOT)) != null;
            } catch (InvocationTargetException e) {
                if (e.getCause() instanceof IllegalArgumentException) {
                    return false;
                }
                throw new IllegalStateException("Tortoise's dialect registry failed to load", e.getCause());
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** A database server's address, read once from system properties. */
    static final class Server {
        static final Server POSTGRES = new Server("postgresql",
                System.getProperty("tortoise.test.pg-host", "127.0.0.1"),
                Integer.getInteger("tortoise.test.pg-port", 5432),
                System.getProperty("tortoise.test.pg-user", "postgres"),
                System.getProperty("tortoise.test.pg-password", ""),
                System.getProperty("tortoise.test.pg-database", "test"));
        /** No database of its own: admin SQL runs with none selected, each test gets a database. */
        static final Server MARIADB = new Server("mariadb",
                System.getProperty("tortoise.test.mariadb-host", "127.0.0.1"),
                Integer.getInteger("tortoise.test.mariadb-port", 3306),
                System.getProperty("tortoise.test.mariadb-user", "root"),
                System.getProperty("tortoise.test.mariadb-password", ""),
                "");

        final String driver;
        final String host;
        final int port;
        final String user;
        final String password;
        final String database;
        private volatile ConnectionFactory admin;

        Server(String driver, String host, int port, String user, String password, String database) {
            this.driver = driver;
            this.host = host;
            this.port = port;
            this.user = user;
            this.password = password;
            this.database = database;
        }

        String r2dbcUrl() {
            return r2dbcUrl(database);
        }

        /** The URL of {@code db} on this server (no path when empty). */
        String r2dbcUrl(String db) {
            String credentials = password.isEmpty() ? user : user + ":" + password;
            return "r2dbc:" + driver + "://" + credentials + "@" + host + ":" + port + (db.isEmpty() ? "" : "/" + db);
        }

        String display() {
            return "r2dbc:" + driver + "://" + user + "@" + host + ":" + port + (database.isEmpty() ? "" : "/" + database);
        }

        void run(String sql) {
            ConnectionFactory f = admin;
            if (f == null) {
                f = ConnectionFactories.get(r2dbcUrl() + "?connectTimeout=PT3S");
                admin = f;
            }
            RawSql.execute(f, sql);
        }
    }
}
