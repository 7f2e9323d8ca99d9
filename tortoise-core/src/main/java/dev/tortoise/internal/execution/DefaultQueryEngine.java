package dev.tortoise.internal.execution;

import dev.tortoise.exception.ConfigurationError;
import dev.tortoise.execution.Router;
import dev.tortoise.execution.StatementEvent;
import dev.tortoise.execution.StatementListener;
import dev.tortoise.internal.mapping.RelatedAttacher;
import dev.tortoise.internal.mapping.RelatedColumns;
import dev.tortoise.internal.mapping.RowMapper;
import dev.tortoise.internal.mapping.RowMappers;
import dev.tortoise.internal.mapping.ValueColumn;
import dev.tortoise.internal.mapping.ValueKind;
import dev.tortoise.model.InstanceBinding;
import dev.tortoise.model.Model;
import dev.tortoise.model.ModelMeta;
import dev.tortoise.query.CompiledQuery;
import dev.tortoise.query.Operation;
import dev.tortoise.query.QueryEngine;
import dev.tortoise.query.ResultShape;
import dev.tortoise.query.SqlText;
import dev.tortoise.sql.ast.Bind;
import dev.tortoise.sql.ast.Statement;
import dev.tortoise.sql.dialect.Dialect;
import dev.tortoise.sql.render.RenderedSql;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.Result;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The executing query engine: picks the connection (the surrounding transaction's, else one from
 * the routed pool), renders the statement for its dialect, binds every value, executes and maps
 * rows by column index. Driver errors are translated here, once. Prefetches are not its job: the
 * relation layer's engine wraps this one and runs them.
 */
public final class DefaultQueryEngine implements QueryEngine {
    private static final Logger LOG = LoggerFactory.getLogger("tortoise.db_client");
    /** How long a cancelled statement may take to finish before its connection is closed instead of reused. */
    static final Duration SETTLE_LIMIT = Duration.ofSeconds(30);
    /**
     * How long past its timeout a statement is still waited for: the server normally ends it at
     * once, and only a server that does not answer the cancel (or H2 busy in application code) is
     * given up on, its connection then closed once it is no longer in use or SETTLE_LIMIT passes.
     */
    static final Duration TIMEOUT_BACKSTOP = Duration.ofSeconds(2);
    /** SQLSTATE of a statement cancelled by a cancel request or a statement timeout (PostgreSQL and H2). */
    private static final String QUERY_CANCELED = "57014";

    private final Map<String, DatabaseConnection> connections;
    private final List<Router> routers;
    private final List<StatementListener> listeners;
    private final InstanceBinding binding;
    private final Transactions transactions;
    private final Duration statementTimeout;
    private final SessionTimeouts sessionTimeouts = new SessionTimeouts();
    /** The row mappers, one per result shape (see {@link RowMappers}). */
    private final RowMappers mappers;

    /**
     * @param statementTimeout how long any statement may run before it is cancelled on the server,
     *     unless its queryset sets its own (null or zero: no limit)
     * @param attacher stores an instance read by select_related into its parent's relation
     */
    public DefaultQueryEngine(Map<String, DatabaseConnection> connections, List<Router> routers,
                              List<StatementListener> listeners, InstanceBinding binding, Duration statementTimeout,
                              RelatedAttacher attacher) {
        this.statementTimeout = statementTimeout == null || statementTimeout.isZero() ? null : statementTimeout;
        this.connections = connections;
        this.routers = List.copyOf(routers);
        this.listeners = listeners;
        this.binding = binding;
        this.transactions = new Transactions(connections);
        this.mappers = new RowMappers(binding, attacher);
    }

    /** The transactions of this engine's connections. */
    public Transactions transactions() {
        return transactions;
    }

    @Override
    public <R> Flux<R> atomic(ModelMeta model, String connection, Supplier<? extends Publisher<R>> body) {
        return Flux.defer(() -> {
            String name = connection != null ? connection : route(new CompiledQuery(null, model, null,
                    Operation.INSERT, null, 0));
            return transactions.inTransaction(name, tx -> body.get());
        });
    }

    @Override
    public int maxBindParameters(ModelMeta model, String connection) {
        String name = connection != null ? connection : route(new CompiledQuery(null, model, null,
                Operation.INSERT, null, 0));
        return connection(name).dialect().maxBindParameters();
    }

    @Override
    public boolean atomicStatements(ModelMeta model, String connection) {
        String name = connection != null ? connection : route(new CompiledQuery(null, model, null,
                Operation.INSERT, null, 0));
        return connection(name).dialect().atomicStatements();
    }

    @Override
    public boolean atomicUpserts(ModelMeta model, String connection) {
        return writeConnection(model, connection).dialect().atomicUpserts();
    }

    @Override
    public boolean advancesGeneratedKeys(ModelMeta model, String connection) {
        return writeConnection(model, connection).dialect().advanceGeneratedKeyTemplate() != null;
    }

    private DatabaseConnection writeConnection(ModelMeta model, String connection) {
        return connection(connection != null ? connection : route(new CompiledQuery(null, model, null,
                Operation.INSERT, null, 0)));
    }

    /**
     * The most keys one IN list may carry on a connection: unlimited where the dialect binds lists
     * as one array, else under its bind-parameter limit.
     */
    public int inListLimit(String connection) {
        DatabaseConnection db = connection(connection);
        return db.dialect().bindsInListAsArray(Integer.class) ? Integer.MAX_VALUE
                : db.dialect().maxBindParameters() - 100;
    }

    /** The connection a query runs on: explicit, else the routers' choice, else the model's app default. */
    String route(CompiledQuery q) {
        if (q.connection() != null) {
            return q.connection();
        }
        ModelMeta m = q.model();
        if (m != null) {
            for (Router r : routers) {
                String name = q.operation().write() ? r.dbForWrite(m) : r.dbForRead(m);
                if (name != null && connections.containsKey(name)) {
                    return name;
                }
            }
            return m.connectionName();
        }
        return connections.keySet().iterator().next();
    }

    DatabaseConnection connection(String name) {
        DatabaseConnection db = connections.get(name);
        if (db == null) {
            throw new ConfigurationError("Unknown connection \"" + name + "\"; connections: " + connections.keySet());
        }
        return db;
    }

    @Override
    public SqlText sql(Statement statement, String connection) {
        RenderedSql r = connection(connection).renderer().render(statement);
        return new SqlText(r.sql(), r.values());
    }

    @Override
    public SqlText sql(Statement statement, String connection, boolean paramsInline) {
        if (!paramsInline) {
            return sql(statement, connection);
        }
        RenderedSql r = connection(connection).renderer().renderInline(statement);
        return new SqlText(r.sql(), r.values());
    }

    @Override
    public Flux<Object> run(CompiledQuery q) {
        return Flux.defer(() -> {
            String name = route(q);
            DatabaseConnection db = connection(name);
            RenderedSql sql = db.renderer().render(q.statement());
            Duration timeout = q.timeout() != null ? (q.timeout().isZero() ? null : q.timeout()) : statementTimeout;
            // A timed statement settles on cancel on every database: its backstop may give up on a
            // statement the server is still running, whose connection must not be lent out meanwhile.
            SettlingRows settling = db.dialect().drainsResultOnCancel() || timeout != null ? new SettlingRows() : null;
            return withConnection(name, conn -> execute(conn, db, sql, q, settling, timeout),
                    settling == null ? null : settling.settled());
        });
    }

    /** Runs {@code use} on the current transaction's connection, or on a pooled one released on every outcome. */
    public <R> Flux<R> withConnection(String name, Function<Connection, Flux<R>> use) {
        return withConnection(name, use, null);
    }

    /**
     * Runs {@code use} as {@link #withConnection(String, Function)} does; a pooled connection whose
     * subscriber cancels goes back to the pool once {@code settledOnCancel} completes (the
     * statement's conversation is over), or is closed when that takes longer than
     * {@link #SETTLE_LIMIT}.
     */
    <R> Flux<R> withConnection(String name, Function<Connection, Flux<R>> use, Mono<Void> settledOnCancel) {
        return Flux.deferContextual(ctx -> {
            TransactionContext tx = TransactionContext.current(ctx, name);
            if (tx != null) {
                return tx.execute(use, settledOnCancel);
            }
            DatabaseConnection db = connection(name);
            if (SpringTransactions.mayBeActive(ctx)) {
                return SpringTransactions.withConnection(db.factory(), use);
            }
            // Acquisition errors (pool timeouts, refused connections) are translated here: they
            // happen before any statement, so execute() never sees them.
            Mono<Connection> acquire = db.offload(Mono.<Connection>from(db.factory().create()))
                    .onErrorMap(e -> ExceptionTranslator.translate(e, null, db.dialect()));
            Function<Connection, Mono<Void>> release = c -> db.offload(PoolRelease.close(c));
            if (settledOnCancel == null) {
                return Flux.usingWhen(acquire, use, release, (c, e) -> release.apply(c), release);
            }
            // After an error too: a statement given up on past its timeout may still be running.
            Function<Connection, Mono<Void>> settleThenRelease = c -> settledOnCancel.timeout(SETTLE_LIMIT)
                    .onErrorResume(e -> db.offload(discard(c)))
                    .then(release.apply(c));
            return Flux.usingWhen(acquire, use, release, (c, e) -> settleThenRelease.apply(c), settleThenRelease);
        });
    }

    /**
     * Closes the physical connection under a pooled one whose cancelled statement did not settle in
     * time, so that the pool drops it instead of lending out a connection with a conversation still
     * in flight.
     */
    private static Mono<Void> discard(Connection c) {
        LOG.warn("A cancelled statement did not finish within {}; closing its connection", SETTLE_LIMIT);
        // Through every wrapper (pool, r2dbc-proxy, ...) down to the driver's own connection.
        Connection physical = Drivers.physical(c);
        return physical == c ? Mono.empty() : Mono.from(physical.close()).onErrorResume(x -> Mono.empty());
    }

    private Flux<Object> execute(Connection conn, DatabaseConnection db, RenderedSql sql, CompiledQuery q,
                                 SettlingRows settling, Duration timeout) {
        io.r2dbc.spi.Statement st = conn.createStatement(sql.sql());
        List<Bind> binds = sql.binds();
        Dialect dialect = db.dialect();
        boolean converts = dialect.convertsValues();
        for (int i = 0; i < binds.size(); i++) {
            Bind b = binds.get(i);
            if (b.value() == null) {
                st.bindNull(i, converts ? dialect.driverClass(b.type()) : b.type());
            } else {
                st.bind(i, converts ? dialect.bindValue(b.value()) : b.value());
            }
        }
        if (q.fetchSize() > 0) {
            st.fetchSize(q.fetchSize());
        }
        long start = System.nanoTime();
        Flux<Object> out = Flux.from(st.execute())
                .concatMap(result -> map(converts ? new ConvertingResult(result, dialect) : result, q, settling,
                        dialect.requestsWholeResults()));
        Supplier<Mono<Void>> cancel = settling == null ? null : Drivers.serverCancel(conn);
        if (settling != null) {
            settling.stopper(cancel);
            out = settling.wrap(out);
        }
        if (timeout != null && cancel != null) {
            out = cancelledAfter(out, db, settling, timeout);
        } else if (db.dialect().sessionStatementTimeoutSql(0) != null) {
            // Every statement sets its session's limit (when it differs), so that a timeout set for
            // one statement never applies to the next one on the same connection.
            long millis = timeout == null ? 0 : Math.max(1, timeout.toMillis());
            out = sessionTimeouts.ensure(conn, db.dialect(), millis).thenMany(out);
        }
        if (timeout != null) {
            out = backstop(out, timeout);
        }
        out = db.offload(out);
        if (q.shape() instanceof ResultShape.RowCount) {
            out = out.reduce(0L, (a, b) -> a + (Long) b).cast(Object.class).flux();
        }
        if (LOG.isDebugEnabled()) {
            LOG.debug("{}: {} {}", db.name(), sql.sql(), sql.values());
        }
        if (timeout != null) {
            out = out.onErrorMap(e -> isCancelled(e, db.dialect()) ? timedOut(timeout, e) : e);
        }
        if (listeners.isEmpty()) {
            return out.onErrorMap(e -> ExceptionTranslator.translate(e, sql.sql(), db.dialect()));
        }
        // Published before the terminal signal travels downstream, so a caller sees its statement recorded.
        // Once only: a Mono-like source cancelled by next() after its value may still signal completion.
        java.util.concurrent.atomic.AtomicBoolean published = new java.util.concurrent.atomic.AtomicBoolean();
        return out
                .onErrorMap(e -> ExceptionTranslator.translate(e, sql.sql(), db.dialect()))
                .doOnComplete(() -> {
                    if (published.compareAndSet(false, true)) {
                        publish(db, sql, q, start, null);
                    }
                })
                .doOnError(e -> {
                    if (published.compareAndSet(false, true)) {
                        publish(db, sql, q, start, e);
                    }
                })
                .doOnCancel(() -> {
                    if (published.compareAndSet(false, true)) {
                        publish(db, sql, q, start, null);
                    }
                });
    }

    /**
     * The statement's rows, cancelled on the server by the driver's cancel request (PostgreSQL) once
     * it has run for {@code timeout}; the server ends it with SQLSTATE 57014 and the connection stays
     * usable. (Where the driver has no cancel request, the session's own statement timeout, H2's
     * QUERY_TIMEOUT, is set before the statement instead and ends it the same way.)
     */
    private static Flux<Object> cancelledAfter(Flux<Object> rows, DatabaseConnection db, SettlingRows settling,
                                               Duration timeout) {
        return Flux.defer(() -> {
            Disposable timer = settling.stopAfter(timeout, () -> LOG.debug("{}: statement timeout of {} ms reached, "
                    + "cancelling the statement on the server", db.name(), timeout.toMillis()));
            return rows.doFinally(signal -> timer.dispose());
        });
    }

    /**
     * Ends the wait for a statement that the server did not end within {@link #TIMEOUT_BACKSTOP}
     * after its timeout (a server that does not answer, or H2 busy in application code): the caller
     * gets the timeout error, and the connection is released only once the statement has settled.
     */
    private static Flux<Object> backstop(Flux<Object> rows, Duration timeout) {
        return Flux.defer(() -> {
            java.util.concurrent.atomic.AtomicBoolean abandoned = new java.util.concurrent.atomic.AtomicBoolean();
            return rows
                    .takeUntilOther(Mono.delay(timeout.plus(TIMEOUT_BACKSTOP)).doOnNext(x -> abandoned.set(true)))
                    .concatWith(Mono.defer(() -> abandoned.get() ? Mono.error(timedOut(timeout, null))
                            : Mono.empty()));
        });
    }

    private static boolean isCancelled(Throwable e, Dialect dialect) {
        Throwable t = e instanceof dev.tortoise.exception.BaseORMException && e.getCause() != null ? e.getCause() : e;
        return t instanceof io.r2dbc.spi.R2dbcException r && (QUERY_CANCELED.equals(r.getSqlState())
                || dialect.isStatementTimeout(r.getSqlState() == null ? "" : r.getSqlState(), r.getErrorCode()));
    }

    private static dev.tortoise.exception.QueryTimeoutError timedOut(Duration timeout, Throwable cause) {
        return new dev.tortoise.exception.QueryTimeoutError("canceling statement due to statement timeout ("
                + timeout.toMillis() + " ms)", cause);
    }

    private void publish(DatabaseConnection db, RenderedSql sql, CompiledQuery q, long start, Throwable error) {
        StatementEvent e = new StatementEvent(db.name(), q.operation().tag(),
                q.model() == null ? null : q.model().name(), sql.sql(), sql.values(),
                Duration.ofNanos(System.nanoTime() - start), error);
        for (StatementListener l : listeners) {
            try {
                l.onStatement(e);
            } catch (RuntimeException ex) {
                LOG.warn("Statement listener {} failed", l, ex);
            }
        }
    }

    /** Maps every row with {@code mapper}; once the subscriber has cancelled, rows are read but not mapped. */
    private static Flux<Object> rows(Result result, SettlingRows settling, RowMapper mapper) {
        if (settling == null) {
            return Flux.from(result.map(mapper::map));
        }
        return Flux.from(result.map((row, md) -> settling.cancelled() ? SettlingRows.SKIPPED : mapper.map(row, md)));
    }

    private Publisher<?> map(Result result, CompiledQuery q, SettlingRows settling, boolean wholeResult) {
        ResultShape shape = q.shape();
        if (shape instanceof ResultShape.RowCount) {
            return Mono.from(result.getRowsUpdated()).map(Long::valueOf);
        }
        Flux<Object> rows = rows(result, settling, mapperFor(shape));
        // Where the driver stalls when asked for rows a few at a time, it is asked for all of them at once (on
        // subscription) and the rows wait here for a consumer that reads at its own pace.
        return wholeResult ? rows.onBackpressureBuffer() : rows;
    }

    /** The mapper of a result shape: cached per shape, except raw SQL's, planned from each result's columns. */
    private RowMapper mapperFor(ResultShape shape) {
        if (shape instanceof ResultShape.Models m) {
            return mappers.models(m.model(), m.fields(), columns(m.annotations()), slices(m.related()), m.partial());
        }
        if (shape instanceof ResultShape.Values v) {
            ValueKind kind = switch (v.kind()) {
                case MAP -> ValueKind.MAP;
                case LIST -> ValueKind.LIST;
                case FLAT -> ValueKind.FLAT;
            };
            return mappers.values(columns(v.slots()), kind);
        }
        if (shape instanceof ResultShape.Returning r) {
            return mappers.returning(r.fields());
        }
        if (shape instanceof ResultShape.Raw raw) {
            return mappers.raw(raw.model());
        }
        if (shape instanceof ResultShape.Text) {
            return mappers.text();
        }
        throw new IllegalStateException("Unknown result shape " + shape);
    }

    private static List<ValueColumn> columns(List<ResultShape.Slot> slots) {
        if (slots.isEmpty()) {
            return List.of();
        }
        ValueColumn[] out = new ValueColumn[slots.size()];
        for (int i = 0; i < out.length; i++) {
            ResultShape.Slot slot = slots.get(i);
            out[i] = new ValueColumn(slot.key(), slot.field(), slot.valueType());
        }
        return List.of(out);
    }

    private static List<RelatedColumns> slices(List<ResultShape.RelatedSlice> related) {
        if (related.isEmpty()) {
            return List.of();
        }
        RelatedColumns[] out = new RelatedColumns[related.size()];
        for (int i = 0; i < out.length; i++) {
            ResultShape.RelatedSlice slice = related.get(i);
            out[i] = new RelatedColumns(slice.parent(), slice.relation(), slice.model(), slice.fields());
        }
        return List.of(out);
    }
}
