package dev.tortoise.sql.dialect.h2;

import dev.tortoise.sql.dialect.ConnectionTarget;
import dev.tortoise.sql.dialect.Dialect;
import dev.tortoise.sql.dialect.DialectProvider;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * H2 through r2dbc-h2, standing in for Tortoise's SQLite: {@code sqlite://:memory:} is a private
 * in-memory database, {@code sqlite://path/db.sqlite3} a file; {@code h2://} is accepted too.
 */
public final class H2DialectProvider implements DialectProvider {
    /**
     * H2 folds unquoted identifiers to lower case, as PostgreSQL does, so that application SQL
     * (check constraints, raw queries) naming the ORM's lower-case tables and columns without
     * quotes works on both.
     */
    private static final String LIKE_POSTGRES = "DATABASE_TO_LOWER=TRUE";

    @Override
    public Dialect dialect() {
        return H2Dialect.INSTANCE;
    }

    @Override
    public Set<String> aliases() {
        return Set.of();
    }

    @Override
    public Set<String> urlSchemes() {
        return Set.of("sqlite", "h2");
    }

    @Override
    public boolean acceptsEngine(String engine) {
        return engine.endsWith("sqlite") || engine.equals("h2");
    }

    @Override
    public String engineHint() {
        return "tortoise.backends.sqlite / h2";
    }

    @Override
    public int defaultPort() {
        return -1;
    }

    @Override
    public ConnectionTarget urlTarget(String scheme, String location, Map<String, String> params) {
        if (location.isEmpty()) {
            throw new IllegalArgumentException("No path specified for DB_URL");
        }
        if (location.equals(":memory:") || location.startsWith("mem:")) {
            String db = location.startsWith("mem:") ? location.substring(4)
                    : "tortoise_" + UUID.randomUUID().toString().replace("-", "");
            return ConnectionTarget.ofUrl("r2dbc:h2:mem:///" + db + "?options=DB_CLOSE_DELAY=-1;" + LIKE_POSTGRES);
        }
        String path = location.endsWith(".db") ? location.substring(0, location.length() - 3) : location;
        return ConnectionTarget.ofUrl("r2dbc:h2:file:///" + (path.startsWith("/") ? path.substring(1) : "./" + path)
                + "?options=" + LIKE_POSTGRES);
    }

    /** {@code file_path} (or {@code database}) as in Tortoise's SQLite credentials; in memory without one. */
    @Override
    public ConnectionTarget credentialsTarget(Map<String, String> credentials) {
        String file = credentials.getOrDefault("file_path", credentials.getOrDefault("database", ":memory:"));
        return urlTarget("sqlite", file.startsWith("/") ? "/" + file : file, Map.of());
    }

    @Override
    public String driverArtifact() {
        return "io.r2dbc:r2dbc-h2";
    }

    /**
     * The same H2 database over JDBC: {@code jdbc:h2:mem:name;DB_CLOSE_DELAY=-1} for an in-memory one (the
     * same in-process database while either side keeps it open), {@code jdbc:h2:<protocol>:<database>} otherwise.
     */
    @Override
    public String jdbcUrl(String protocol, String host, String port, String database, Map<String, String> options) {
        if ("mem".equals(protocol)) {
            return "jdbc:h2:mem:" + database + ";DB_CLOSE_DELAY=-1";
        }
        return protocol == null ? null : "jdbc:h2:" + protocol + ":" + database;
    }
}
