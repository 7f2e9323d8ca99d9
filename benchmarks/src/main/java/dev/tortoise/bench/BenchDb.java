package dev.tortoise.bench;

import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryOptions;
import io.r2dbc.spi.ValidationDepth;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The database side of a run: a private namespace (a schema on PostgreSQL), and one pool per contender built by
 * the same code with the same settings over the same connection options, each counting its statements. Pools are
 * opened (and warmed up) when a contender first asks for one, so a contender that runs no workload holds no
 * connections.
 */
public final class BenchDb implements AutoCloseable {
    public static final Duration TIMEOUT = Duration.ofMinutes(2);
    /** The settings of every contender's pool (besides its size). */
    static final String POOL_SETTINGS = "r2dbc-pool 1.0, initial=max=%d, acquire timeout 1 min, validation LOCAL, "
            + "warmed up before use";

    private final BenchDatabase database;
    private final ConnectionFactoryOptions base;
    private final String scratch;
    private final boolean forceBinary;
    private final int poolSize;
    private final ConnectionFactoryOptions options;
    private final Map<Contender, CountingConnectionFactory> counters = new EnumMap<>(Contender.class);
    private final Map<Contender, ConnectionPool> pools = new EnumMap<>(Contender.class);
    private final ConnectionPool admin;

    public BenchDb(BenchDatabase database, String url, int poolSize, boolean forceBinary) {
        this.database = database;
        this.base = withConnectTimeout(ConnectionFactoryOptions.parse(url));
        this.scratch = "bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        this.forceBinary = forceBinary;
        this.poolSize = poolSize;
        onBase(database.createScratch(scratch));
        this.options = database.scratchOptions(base, scratch, forceBinary);
        this.admin = pool(ConnectionFactories.get(options), 1, 2, "bench-admin");
    }

    private static ConnectionFactoryOptions withConnectTimeout(ConnectionFactoryOptions o) {
        return o.hasOption(ConnectionFactoryOptions.CONNECT_TIMEOUT) ? o : ConnectionFactoryOptions.builder().from(o)
                .option(ConnectionFactoryOptions.CONNECT_TIMEOUT, Duration.ofSeconds(3)).build();
    }

    private static ConnectionPool pool(ConnectionFactory cf, int initial, int max, String name) {
        return new ConnectionPool(ConnectionPoolConfiguration.builder(cf).name(name).initialSize(initial).maxSize(max)
                .maxAcquireTime(Duration.ofMinutes(1)).maxCreateConnectionTime(Duration.ofSeconds(10))
                .maxValidationTime(Duration.ofSeconds(5)).maxIdleTime(Duration.ofMinutes(30))
                .validationDepth(ValidationDepth.LOCAL).build());
    }

    /** Runs one statement on a connection of the base URL, outside the scratch namespace. */
    private void onBase(String sql) {
        Mono.usingWhen(Mono.from(ConnectionFactories.get(base).create()),
                c -> Flux.from(c.createStatement(sql).execute()).concatMap(r -> r.getRowsUpdated()).then(),
                Connection::close).block(TIMEOUT);
    }

    /** Whether a server answers at the URL (a short connect attempt). */
    public static boolean reachable(String url) {
        try {
            ConnectionFactory f = ConnectionFactories.get(withConnectTimeout(ConnectionFactoryOptions.parse(url)));
            Mono.usingWhen(Mono.from(f.create()), c -> Mono.from(c.createStatement("SELECT 1").execute())
                    .flatMap(r -> Mono.from(r.getRowsUpdated())), Connection::close).block(Duration.ofSeconds(10));
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** The contender's pool, opened and warmed up on first use. */
    public synchronized ConnectionPool pool(Contender c) {
        return pools.computeIfAbsent(c, k -> {
            CountingConnectionFactory counting = new CountingConnectionFactory(ConnectionFactories.get(options));
            counters.put(k, counting);
            ConnectionPool pool = pool(counting, poolSize, poolSize, "bench-" + k.name().toLowerCase());
            pool.warmup().block(TIMEOUT);
            return pool;
        });
    }

    /** Statements created so far on a contender's connections. */
    public synchronized long statements(Contender c) {
        CountingConnectionFactory counting = counters.get(c);
        return counting == null ? 0 : counting.statements();
    }

    /** Counts a statement sent outside createStatement (COPY). */
    public void countExtra(Contender c) {
        counters.get(c).countExtra();
    }

    public BenchDatabase database() {
        return database;
    }

    /** The raw contender's SQL dialect. */
    public RawSql sql() {
        return database.sql();
    }

    public String scratch() {
        return scratch;
    }

    public String poolDescription() {
        return String.format(POOL_SETTINGS, poolSize);
    }

    public boolean forceBinary() {
        return forceBinary;
    }

    /** Runs statements in the run's namespace, outside every contender's pool (untimed setup). */
    public void exec(String... sql) {
        Flux.usingWhen(admin.create(), c -> Flux.fromArray(sql)
                        .concatMap(s -> Flux.from(c.createStatement(s).execute()).concatMap(r -> r.getRowsUpdated())),
                        Connection::close)
                .then().block(TIMEOUT);
    }

    /** Rows of a query as lists of values (untimed checks and environment facts). */
    public List<List<Object>> query(String sql) {
        return Flux.usingWhen(admin.create(), c -> Flux.from(c.createStatement(sql).execute())
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
        try {
            for (ConnectionPool p : pools.values()) {
                p.disposeLater().block(TIMEOUT);
            }
            admin.disposeLater().block(TIMEOUT);
        } finally {
            onBase(database.dropScratch(scratch));
        }
    }
}
