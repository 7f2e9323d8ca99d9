package dev.tortoise.test;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A transaction that spans one test and is rolled back at its end, for reactive code that the test does not pass
 * anything to. Install {@link #decorator()} on the runtime's connections; between {@link #begin(String)} and
 * {@link #rollback()}, every connection the decorated factory hands out is a handle on one physical connection
 * per factory, held in an open transaction:
 *
 * <ul>
 *   <li>statements run in the test's transaction, whoever subscribes to them and on whatever thread;</li>
 *   <li>a transaction begun on a handle (the ORM's {@code inTransaction}/{@code atomic}, Spring's
 *       {@code @Transactional} and {@code TransactionalOperator}) becomes a savepoint: its commit releases the
 *       savepoint, its rollback rolls back to it, so the code behaves as it would on its own and still leaves
 *       nothing behind; the ORM's nested blocks are savepoints inside it;</li>
 *   <li>closing a handle leaves the physical connection open (and rolls back the handle's unfinished
 *       transaction, as a pool would);</li>
 *   <li>{@link #rollback()} rolls the physical transaction back and returns the connection to the pool.</li>
 * </ul>
 *
 * <p>Outside a test the decorated factory hands out the pool's own connections, so start-up work (schema
 * generation, migrations, {@code @BeforeAll} data) is committed as usual. One test at a time holds a
 * TestTransaction: {@link #begin(String)} waits for the previous test's {@link #rollback()}.
 *
 * <p>What a single connection cannot give: concurrent transactions within one test share it (no isolation
 * between them, and savepoints of interleaved transactions nest in the order they were opened); DDL that commits
 * implicitly (H2, MariaDB) ends the test's transaction early; on PostgreSQL a failed statement outside any
 * transaction block aborts the test's transaction (the next statement's error carries a suppressed exception
 * saying so), so wrap a statement expected to fail in {@code atomic} (it then rolls back to its savepoint). Tests
 * of locking or isolation should run without rollback on a fresh database.
 */
public final class TestTransaction {
    private static final Logger LOG = LoggerFactory.getLogger(TestTransaction.class);
    /** How long {@link #begin} waits for another test's transaction to end, and {@link #rollback} for the rollback. */
    static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final Semaphore permit = new Semaphore(1);
    private final AtomicLong savepoints = new AtomicLong();
    private volatile Session session;

    /**
     * A decorator for {@code TortoiseConfig.Builder.connectionFactoryDecorator}: the named connection's factory,
     * handing out the test's transactional connection while a test runs. Add it before a statement recorder's,
     * so that the recorder sees the statements of the transactional connection too.
     */
    public BiFunction<String, ConnectionFactory, ConnectionFactory> decorator() {
        return this::wrap;
    }

    /** {@code factory} decorated as {@link #decorator()} does. */
    public ConnectionFactory wrap(String connectionName, ConnectionFactory factory) {
        return new RollbackConnectionFactory(this, Objects.requireNonNull(connectionName, "connectionName"),
                Objects.requireNonNull(factory, "factory"));
    }

    /**
     * Starts the test's transaction (its connections are opened on first use). Waits while another test holds
     * this TestTransaction.
     *
     * @param description the test, named in errors about connections used after it ended
     */
    public void begin(String description) {
        try {
            if (!permit.tryAcquire(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                Session other = session;
                throw new IllegalStateException("The test transaction is still held by " + (other == null ? "another test"
                        : other.description) + " after " + TIMEOUT + "; tests sharing a runtime with rollback run one at "
                        + "a time");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the test transaction", e);
        }
        session = new Session(description);
    }

    /**
     * Rolls back everything the test wrote and returns its connections to their pools; does nothing when no test
     * transaction is open. Blocks (at most a minute): call it from the test thread.
     *
     * @throws IllegalStateException when a rollback failed (the test's writes may have been kept)
     */
    public void rollback() {
        Session s = session;
        if (s == null) {
            return;
        }
        try {
            s.end().block(TIMEOUT);
        } finally {
            session = null;
            permit.release();
        }
    }

    /** Whether a test's transaction is open. */
    public boolean isActive() {
        return session != null;
    }

    Session session() {
        return session;
    }

    String nextSavepoint() {
        return "tortoise_test_" + savepoints.incrementAndGet();
    }

    /** One test's transactional connections, one per decorated factory. */
    static final class Session {
        final String description;
        private final Map<RollbackConnectionFactory, CompletableFuture<Connection>> connections = new LinkedHashMap<>();
        private boolean ended;

        Session(String description) {
            this.description = description;
        }

        /** The physical connection of {@code factory} in this test's transaction, opened and begun on first use. */
        Mono<Connection> connection(RollbackConnectionFactory factory) {
            CompletableFuture<Connection> opened;
            synchronized (this) {
                if (ended) {
                    return Mono.error(ended());
                }
                opened = connections.computeIfAbsent(factory, f -> Mono.from(f.delegate().create())
                        .flatMap(c -> Mono.from(c.beginTransaction()).thenReturn(c)
                                .onErrorResume(e -> Mono.from(c.close()).onErrorResume(x -> Mono.empty())
                                        .then(Mono.error(e))))
                        .toFuture());
            }
            return Mono.fromFuture(opened, true);
        }

        synchronized boolean isEnded() {
            return ended;
        }

        IllegalStateException ended() {
            return new IllegalStateException("The test transaction of " + description + " has ended; a connection "
                    + "from it cannot be used any more");
        }

        /** Rolls back and releases every connection; fails with the first rollback error, after releasing all. */
        Mono<Void> end() {
            List<CompletableFuture<Connection>> all;
            synchronized (this) {
                ended = true;
                all = new ArrayList<>(connections.values());
            }
            List<Throwable> errors = java.util.Collections.synchronizedList(new ArrayList<>());
            return Flux.fromIterable(all)
                    .concatMap(f -> Mono.fromFuture(f, true).onErrorResume(e -> Mono.empty())
                            .flatMap(c -> Mono.from(c.rollbackTransaction())
                                    .onErrorResume(e -> {
                                        errors.add(e);
                                        return Mono.empty();
                                    })
                                    .then(Mono.from(c.close()).onErrorResume(e -> {
                                        LOG.warn("Closing the test connection of {} failed", description, e);
                                        return Mono.empty();
                                    }))))
                    .then(Mono.defer(() -> errors.isEmpty() ? Mono.<Void>empty()
                            : Mono.error(new IllegalStateException("Rolling back the test transaction of "
                                    + description + " failed; its writes may have been kept", errors.get(0)))));
        }
    }
}
