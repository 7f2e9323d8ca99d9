package dev.tortoise.test;

import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import java.util.UUID;

/**
 * A database engine tests run on, named as in display names ({@code [h2]}, {@code [postgres]}): in-memory H2, and
 * the PostgreSQL server at {@code 127.0.0.1:5432}, user {@code postgres}, database {@code test} (override with
 * {@code -Dtortoise.test.pg-host}, {@code .pg-port}, {@code .pg-user}, {@code .pg-password},
 * {@code .pg-database}).
 *
 * <p>A server that cannot be reached makes its cases skip with a loud message, or fail under
 * {@code -Dtortoise.test.require-postgres=true}; see {@link #assumeReachable()}.
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
    };

    private final String label;
    private final String product;

    DatabaseKind(String label, String product) {
        this.label = label;
        this.product = product;
    }

    /** The name used in display names and properties: {@code h2}, {@code postgres}. */
    public String label() {
        return label;
    }

    /** The product's name for messages: {@code H2}, {@code PostgreSQL}. */
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
     * Runs one SQL statement on the server's own database (PostgreSQL: the {@code test} database), outside any
     * test database: for creating or dropping schemas and the like. Checks reachability first.
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

    /** The R2DBC URL of the server's own database (PostgreSQL: {@code r2dbc:postgresql://postgres@127.0.0.1:5432/test}), or null for H2. */
    public String serverUrl() {
        Server s = server();
        return s == null ? null : s.r2dbcUrl();
    }

    /** A fresh, empty database of this kind (created now; skips or fails as {@link #assumeReachable()} says). */
    public TestDatabase fresh() {
        return TestDatabase.create(this);
    }

    /** Creates the storage of a fresh database (reachability already checked). */
    abstract TestDatabase.Location freshLocation();

    private Server server() {
        return this == POSTGRES ? Server.POSTGRES : null;
    }

    @Override
    public String toString() {
        return label;
    }

    /** A database server's address, read once from system properties. */
    static final class Server {
        static final Server POSTGRES = new Server("postgresql",
                System.getProperty("tortoise.test.pg-host", "127.0.0.1"),
                Integer.getInteger("tortoise.test.pg-port", 5432),
                System.getProperty("tortoise.test.pg-user", "postgres"),
                System.getProperty("tortoise.test.pg-password", ""),
                System.getProperty("tortoise.test.pg-database", "test"));

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
            String credentials = password.isEmpty() ? user : user + ":" + password;
            return "r2dbc:" + driver + "://" + credentials + "@" + host + ":" + port + "/" + database;
        }

        String display() {
            return "r2dbc:" + driver + "://" + user + "@" + host + ":" + port + "/" + database;
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
