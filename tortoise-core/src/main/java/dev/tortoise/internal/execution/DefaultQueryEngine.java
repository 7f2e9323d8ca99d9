package dev.tortoise.internal.execution;

import static dev.tortoise.internal.execution.StatementTimeouts.backstop;
import static dev.tortoise.internal.execution.StatementTimeouts.cancelledAfter;

import dev.tortoise.execution.Router;
import dev.tortoise.execution.StatementListener;
import dev.tortoise.internal.mapping.RelatedAttacher;
import dev.tortoise.internal.mapping.RowMapper;
import dev.tortoise.internal.model.InstanceBinding;
import dev.tortoise.internal.query.CompiledQuery;
import dev.tortoise.internal.query.Operation;
import dev.tortoise.internal.query.QueryEngine;
import dev.tortoise.internal.query.ResultShape;
import dev.tortoise.model.ModelMeta;
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
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;
import reactor.core.scheduler.Scheduler;

/**
 * The executing query engine: renders a compiled query for its connection's dialect, binds every
 * value, executes it and maps the rows; driver errors are translated here, once. Its collaborators
 * each do one job: {@link ConnectionRouter} names the connection, {@link ConnectionLease} lends it,
 * {@link StatementTimeouts} ends overdue statements, {@link StatementListeners} publishes each
 * statement and {@link ShapeMappers} picks the row mapper; {@link StatementFlow} is the one
 * subscriber per statement that reads its results and carries its signals between the driver and
 * the caller. Prefetches are not its job: the relation layer's engine wraps this one and runs them.
 */
public final class DefaultQueryEngine implements QueryEngine {
    private static final Logger LOG = LoggerFactory.getLogger("tortoise.db_client");

    private final ConnectionRouter router;
    private final ConnectionLease lease;
    private final StatementListeners listeners;
    private final Transactions transactions;
    private final Duration statementTimeout;
    private final SessionTimeouts sessionTimeouts = new SessionTimeouts();
    private final ShapeMappers shapes;

    /**
     * @param statementTimeout how long any statement may run before it is cancelled on the server,
     *     unless its queryset sets its own (null or zero: no limit)
     * @param attacher stores an instance read by select_related into its parent's relation
     */
    public DefaultQueryEngine(Map<String, DatabaseConnection> connections, List<Router> routers,
                              List<StatementListener> listeners, InstanceBinding binding, Duration statementTimeout,
                              RelatedAttacher attacher) {
        this.statementTimeout = statementTimeout == null || statementTimeout.isZero() ? null : statementTimeout;
        this.router = new ConnectionRouter(connections, routers);
        this.lease = new ConnectionLease(router);
        this.listeners = new StatementListeners(listeners);
        this.transactions = new Transactions(connections);
        this.shapes = new ShapeMappers(binding, attacher);
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
    public <R> Mono<R> pinned(CompiledQuery query, Supplier<? extends Mono<R>> body) {
        return Mono.deferContextual(ctx -> lease.pinned(ctx, route(query), body));
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
        return router.route(q);
    }

    DatabaseConnection connection(String name) {
        return router.connection(name);
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
        // Through onAssembly, as the Flux.defer it replaced: debug hooks (onOperatorDebug) see it.
        return new StatementRun(q).assembled();
    }

    /**
     * One statement, routed, rendered and lent its connection when subscribed (as {@code Flux.defer}
     * with the lease's {@code Flux.deferContextual} inside would, in one object: the subscriber's
     * context is at hand here).
     */
    private final class StatementRun extends Flux<Object> {
        private final CompiledQuery q;

        StatementRun(CompiledQuery q) {
            this.q = q;
        }

        /** This run as {@link Flux#onAssembly} hands it out (itself unless an assembly hook is set). */
        Flux<Object> assembled() {
            return onAssembly(this);
        }

        @Override
        public void subscribe(reactor.core.CoreSubscriber<? super Object> actual) {
            Flux<Object> statement;
            try {
                String name = route(q);
                DatabaseConnection db = connection(name);
                RenderedSql sql = db.renderer().render(q.statement());
                Duration timeout = q.timeout() != null ? (q.timeout().isZero() ? null : q.timeout()) : statementTimeout;
                // A timed statement settles on cancel on every database: its backstop may give up on a
                // statement the server is still running, whose connection must not be lent out meanwhile.
                SettlingRows settling = db.dialect().drainsResultOnCancel() || timeout != null ? new SettlingRows() : null;
                statement = lease.lend(actual.currentContext(), name, new Execution(db, sql, q, settling, timeout),
                        settling == null ? null : settling.settled());
            } catch (Throwable e) {
                reactor.core.publisher.Operators.error(actual,
                        reactor.core.publisher.Operators.onOperatorError(e, actual.currentContext()));
                return;
            }
            statement.subscribe(actual);
        }
    }

    /**
     * What one subscription of a statement runs on the connection it is lent, and how each of the
     * statement's results becomes rows there (one object per statement for both).
     */
    private final class Execution implements Function<Connection, Flux<Object>>, StatementFlow.ResultRows {
        private final DatabaseConnection db;
        private final RenderedSql sql;
        private final CompiledQuery q;
        private final SettlingRows settling;
        private final Duration timeout;
        /** Set by {@link #execute} before the statement is sent: as {@link #map}'s arguments. */
        private Dialect converting;
        private MariaDbRequests.Statement requests;

        Execution(DatabaseConnection db, RenderedSql sql, CompiledQuery q, SettlingRows settling, Duration timeout) {
            this.db = db;
            this.sql = sql;
            this.q = q;
            this.settling = settling;
            this.timeout = timeout;
        }

        @Override
        public Flux<Object> apply(Connection conn) {
            return execute(conn, db, sql, q, settling, timeout, this);
        }

        @Override
        public Publisher<?> rowsOf(Result result) {
            return map(result, converting, q, settling, requests);
        }
    }

    /** Runs {@code use} on the current transaction's connection, or on a pooled one released on every outcome. */
    public <R> Flux<R> withConnection(String name, Function<Connection, Flux<R>> use) {
        return lease.withConnection(name, use);
    }

    /** As {@link ConnectionLease#withConnection(String, Function, Mono)}: a cancelled statement settles before release. */
    <R> Flux<R> withConnection(String name, Function<Connection, Flux<R>> use, Mono<Void> settledOnCancel) {
        return lease.withConnection(name, use, settledOnCancel);
    }

    private Flux<Object> execute(Connection conn, DatabaseConnection db, RenderedSql sql, CompiledQuery q,
                                 SettlingRows settling, Duration timeout, Execution exec) {
        io.r2dbc.spi.Statement st = conn.createStatement(sql.sql());
        List<Bind> binds = sql.binds();
        Dialect dialect = db.dialect();
        boolean converts = dialect.convertsValues();
        Object[] slotValues = sql.slotValues();
        // The last value the dialect converted into another, and what it made: one value bound in every row of a
        // bulk insert (a shared auto_now instant) is converted once, not once per row.
        Object convertedFrom = null;
        Object converted = null;
        for (int i = 0; i < binds.size(); i++) {
            Bind b = binds.get(i);
            Object value = b.valueIn(slotValues);
            if (value == null) {
                st.bindNull(i, converts ? dialect.driverClass(b.type()) : b.type());
            } else if (!converts) {
                st.bind(i, value);
            } else {
                if (value != convertedFrom) {
                    Object v = dialect.bindValue(value);
                    if (v == value) {
                        st.bind(i, value);
                        continue;
                    }
                    convertedFrom = value;
                    converted = v;
                }
                st.bind(i, converted);
            }
        }
        if (q.fetchSize() > 0) {
            st.fetchSize(q.fetchSize());
        }
        long start = System.nanoTime();
        // The wrappers are unwrapped once for the driver's I/O thread and its cancel request.
        Connection physical = Drivers.physical(conn);
        // r2dbc-postgresql must be asked for more rows on its I/O thread only (see LoopRequests)
        Scheduler loop = Drivers.loopOfPhysical(physical);
        // r2dbc-mariadb must be asked for rows in a pattern of its own (see MariaDbRequests); a connection
        // with r2dbc-postgresql's I/O thread under it is none of r2dbc-mariadb's.
        MariaDbRequests.Statement requests = loop != null ? null : Drivers.resultRequests(conn, db.pool());
        Publisher<? extends Result> results = requests == null ? st.execute() : requests.send(st.execute());
        exec.converting = converts ? dialect : null;
        exec.requests = requests;
        // A MariaDB connection (requests != null) has no PostgreSQL cancel request.
        boolean cancel = settling != null && requests == null && Drivers.cancelsOnServer(physical);
        if (cancel) {
            settling.stopperOf(physical);
        }
        boolean serverTimer = timeout != null && cancel;
        boolean sessionTimeout = !serverTimer && dialect.sessionStatementTimeoutSql(0) != null;
        boolean rowCount = q.shape() instanceof ResultShape.RowCount;
        if (LOG.isDebugEnabled()) {
            LOG.debug("{}: {} {}", db.name(), sql.sql(), sql.values());
        }
        if (timeout == null && !sessionTimeout && !db.offloads()) {
            // Nothing sits between the driver's side and the caller's: one subscriber does both.
            return StatementFlow.both(results, exec, loop, settling, rowCount, db, sql, q, null, listeners,
                    start);
        }
        if (timeout == null && !db.offloads()) {
            return new SessionChecked(sessionTimeouts, conn, results, exec, loop, settling, rowCount, db, sql, q,
                    listeners, start);
        }
        Flux<Object> out = StatementFlow.driverSide(results, exec, loop, settling);
        if (serverTimer) {
            out = cancelledAfter(out, db, settling, timeout);
        } else if (sessionTimeout) {
            // Every statement sets its session's limit (when it differs), so that a timeout set for
            // one statement never applies to the next one on the same connection.
            long millis = timeout == null ? 0 : Math.max(1, timeout.toMillis());
            out = sessionTimeouts.before(conn, dialect, millis, out);
        }
        if (timeout != null) {
            out = backstop(out, timeout);
        }
        out = db.offload(out);
        return StatementFlow.callerSide(out, rowCount, db, sql, q, timeout, listeners, start);
    }

    /**
     * A statement without a timeout of its own on a dialect that limits statements per session: at
     * subscription, where the session already has no limit (it always has, unless an earlier statement
     * on it had a timeout), the statement with one subscriber for both sides, as on a dialect without
     * session limits; else the session's limit is lifted first, as {@link SessionTimeouts#before} does,
     * between the two sides. Decided at the same moment as {@code before} decides, without its deferred
     * stage and second subscriber in the usual case (~200 bytes a statement on MariaDB).
     */
    private static final class SessionChecked extends Flux<Object> {
        private final SessionTimeouts sessionTimeouts;
        private final Connection conn;
        private final Publisher<? extends Result> results;
        private final StatementFlow.ResultRows rows;
        private final Scheduler loop;
        private final SettlingRows settling;
        private final boolean rowCount;
        private final DatabaseConnection db;
        private final RenderedSql sql;
        private final CompiledQuery q;
        private final StatementListeners listeners;
        private final long start;

        SessionChecked(SessionTimeouts sessionTimeouts, Connection conn, Publisher<? extends Result> results,
                       StatementFlow.ResultRows rows, Scheduler loop, SettlingRows settling, boolean rowCount,
                       DatabaseConnection db, RenderedSql sql, CompiledQuery q, StatementListeners listeners,
                       long start) {
            this.sessionTimeouts = sessionTimeouts;
            this.conn = conn;
            this.results = results;
            this.rows = rows;
            this.loop = loop;
            this.settling = settling;
            this.rowCount = rowCount;
            this.db = db;
            this.sql = sql;
            this.q = q;
            this.listeners = listeners;
            this.start = start;
        }

        @Override
        public void subscribe(CoreSubscriber<? super Object> actual) {
            Flux<Object> statement;
            try {
                Mono<Void> set = sessionTimeouts.ensureNow(conn, db.dialect(), 0);
                statement = set == null
                        ? StatementFlow.both(results, rows, loop, settling, rowCount, db, sql, q, null, listeners,
                                start)
                        : StatementFlow.callerSide(set.thenMany(StatementFlow.driverSide(results, rows, loop,
                                settling)), rowCount, db, sql, q, null, listeners, start);
            } catch (Throwable e) {
                // As the deferred setting step's failure: translated and published on the caller's side.
                statement = StatementFlow.callerSide(Flux.error(Operators.onOperatorError(e, actual.currentContext())),
                        rowCount, db, sql, q, null, listeners, start);
            }
            statement.subscribe(actual);
        }
    }

    /** Maps every row with {@code mapper}; once the subscriber has cancelled, rows are read but not mapped. */
    private static Publisher<Object> rows(Result result, SettlingRows settling, RowMapper mapper) {
        if (settling == null) {
            return result.map(mapper::map);
        }
        return result.map(settling.mapping(mapper));
    }

    /**
     * {@code result}'s row count, or its rows mapped for the query's shape: read through {@code converting}'s
     * conversions (null: as the driver reads them) and asked for as {@code requests} says (null: as the
     * consumer asks).
     */
    private Publisher<?> map(Result result, Dialect converting, CompiledQuery q, SettlingRows settling,
                             MariaDbRequests.Statement requests) {
        ResultShape shape = q.shape();
        if (shape instanceof ResultShape.RowCount) {
            return Mono.from(result.getRowsUpdated());
        }
        RowMapper mapper = shapes.mapperFor(shape);
        Publisher<Object> rows = converting == null ? rows(result, settling, mapper)
                : ConvertingResult.mapRows(result, converting, settling, mapper);
        return requests == null ? rows : requests.rows(Flux.from(rows));
    }
}
