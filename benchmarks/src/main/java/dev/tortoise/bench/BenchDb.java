package dev.tortoise.bench;

import dev.tortoise.execution.ConnectionUrls;
import dev.tortoise.execution.PoolSettings;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.postgresql.PostgresqlConnectionConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import io.r2dbc.spi.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The PostgreSQL side of a run: a private schema, and one pool per contender built by the same
 * code with the same settings over the same driver configuration, each counting its statements.
 */
public final class BenchDb implements AutoCloseable {
    public static final Duration TIMEOUT = Duration.ofMinutes(2);

    private final String host;
    private final int port;
    private final String user;
    private final String database;
    private final String schema;
    private final boolean forceBinary;
    private final PoolSettings poolSettings;
    private final Map<Contender, CountingConnectionFactory> counters = new EnumMap<>(Contender.class);
    private final Map<Contender, ConnectionPool> pools = new EnumMap<>(Contender.class);
    private final ConnectionPool admin;

    public BenchDb(String host, int port, String user, String database, int poolSize, boolean forceBinary) {
        this.host = host;
        this.port = port;
        this.user = user;
        this.database = database;
        this.schema = "bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        this.forceBinary = forceBinary;
        this.poolSettings = PoolSettings.DEFAULTS.withSizes(poolSize, poolSize).withAcquireTimeout(Duration.ofMinutes(1));
        this.admin = ConnectionUrls.pool(factory(null), PoolSettings.DEFAULTS.withSizes(1, 2), "bench-admin");
        exec("CREATE SCHEMA " + schema);
        for (Contender c : Contender.values()) {
            CountingConnectionFactory counting = new CountingConnectionFactory(factory(schema));
            counters.put(c, counting);
            ConnectionPool pool = ConnectionUrls.pool(counting, poolSettings, "bench-" + c.label());
            pool.warmup().block(TIMEOUT);
            pools.put(c, pool);
        }
    }

    private PostgresqlConnectionFactory factory(String searchPath) {
        PostgresqlConnectionConfiguration.Builder b = PostgresqlConnectionConfiguration.builder()
                .host(host).port(port).username(user).database(database)
                .connectTimeout(Duration.ofSeconds(3))
                .forceBinary(forceBinary);
        if (searchPath != null) {
            b.schema(searchPath);
        }
        return new PostgresqlConnectionFactory(b.build());
    }

    /** Whether a PostgreSQL server answers at host:port (a short connect attempt). */
    public static boolean reachable(String host, int port, String user, String database) {
        try {
            PostgresqlConnectionFactory f = new PostgresqlConnectionFactory(PostgresqlConnectionConfiguration.builder()
                    .host(host).port(port).username(user).database(database).connectTimeout(Duration.ofSeconds(3))
                    .build());
            Mono.usingWhen(f.create(), c -> Mono.from(c.createStatement("SELECT 1").execute())
                    .flatMap(r -> Mono.from(r.getRowsUpdated())), Connection::close).block(Duration.ofSeconds(10));
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    public ConnectionPool pool(Contender c) {
        return pools.get(c);
    }

    /** Statements created so far on a contender's connections. */
    public long statements(Contender c) {
        return counters.get(c).statements();
    }

    /** Counts a statement sent outside createStatement (COPY). */
    public void countExtra(Contender c) {
        counters.get(c).countExtra();
    }

    public String schema() {
        return schema;
    }

    public PoolSettings poolSettings() {
        return poolSettings;
    }

    public boolean forceBinary() {
        return forceBinary;
    }

    /** Runs statements in the benchmark schema, outside every contender's pool (untimed setup). */
    public void exec(String... sql) {
        Flux.usingWhen(admin.create(), c -> Flux.fromArray(sql)
                        .concatMap(s -> Flux.from(c.createStatement(searchPath(s)).execute())
                                .concatMap(r -> r.getRowsUpdated())), Connection::close)
                .then().block(TIMEOUT);
    }

    private String searchPath(String sql) {
        return sql.startsWith("CREATE SCHEMA") || sql.startsWith("DROP SCHEMA") ? sql
                : "SET search_path TO " + schema + "; " + sql;
    }

    /** Rows of a query as lists of values (untimed checks and environment facts). */
    public List<List<Object>> query(String sql) {
        return Flux.usingWhen(admin.create(), c -> Flux.from(c.createStatement("SET search_path TO " + schema).execute())
                        .concatMap(r -> r.getRowsUpdated()).thenMany(Flux.from(c.createStatement(sql).execute()))
                        .concatMap(r -> r.map((row, md) -> {
                            List<Object> out = new ArrayList<>();
                            for (int i = 0; i < md.getColumnMetadatas().size(); i++) {
                                out.add(row.get(i));
                            }
                            return out;
                        })), Connection::close)
                .collectList().block(TIMEOUT);
    }

    @Override
    public void close() {
        for (ConnectionPool p : pools.values()) {
            p.disposeLater().block(TIMEOUT);
        }
        try {
            exec("DROP SCHEMA " + schema + " CASCADE");
        } finally {
            admin.disposeLater().block(TIMEOUT);
        }
    }
}
