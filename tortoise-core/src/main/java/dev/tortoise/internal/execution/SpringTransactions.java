package dev.tortoise.internal.execution;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import java.util.function.Function;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.context.ContextView;

/**
 * The bridge to Spring's reactive transactions (spring-r2dbc's {@code R2dbcTransactionManager}
 * with {@code TransactionalOperator} or {@code @Transactional}). spring-r2dbc is optional: its
 * presence is checked once by class name, and every reference to it lives in the nested
 * {@code Bridge} class, which is loaded only when it is there.
 */
final class SpringTransactions {
    static final boolean PRESENT = present("org.springframework.r2dbc.connection.ConnectionFactoryUtils")
            && present("org.springframework.transaction.reactive.TransactionSynchronizationManager");

    /** Spring's context keys; checked first so that queries outside Spring transactions pay no more than a map lookup. */
    private static final Object CONTEXT_KEY = PRESENT ? type("org.springframework.transaction.reactive.TransactionContext") : null;
    private static final Object HOLDER_KEY = PRESENT
            ? type("org.springframework.transaction.reactive.TransactionContextHolder") : null;

    private SpringTransactions() {
    }

    private static boolean present(String className) {
        try {
            Class.forName(className, false, SpringTransactions.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    private static Object type(String className) {
        try {
            return Class.forName(className, false, SpringTransactions.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
    }

    /** Whether the subscriber context may carry a Spring transaction (cheap: two key lookups). */
    static boolean mayBeActive(ContextView ctx) {
        return PRESENT && ((CONTEXT_KEY != null && ctx.hasKey(CONTEXT_KEY))
                || (HOLDER_KEY != null && ctx.hasKey(HOLDER_KEY)));
    }

    /** The connection of the Spring transaction active on {@code factory}, or empty. */
    static Mono<Connection> transactionConnection(ConnectionFactory factory) {
        return Bridge.transactionConnection(factory);
    }

    /** Runs {@code use} on a connection obtained and released through Spring (the transaction's, if any). */
    static <R> Flux<R> withConnection(ConnectionFactory factory, Function<Connection, Flux<R>> use) {
        return Bridge.withConnection(factory, use);
    }

    /** Holds the code that refers to Spring types. */
    private static final class Bridge {
        static Mono<Connection> transactionConnection(ConnectionFactory factory) {
            return org.springframework.transaction.reactive.TransactionSynchronizationManager.forCurrentTransaction()
                    .flatMap(tsm -> tsm.isActualTransactionActive() && tsm.getResource(factory) != null
                            ? org.springframework.r2dbc.connection.ConnectionFactoryUtils.getConnection(factory)
                            : Mono.<Connection>empty())
                    .onErrorResume(org.springframework.transaction.NoTransactionException.class, e -> Mono.empty());
        }

        /**
         * Obtains the connection as Spring's DatabaseClient does, and releases it the same way: a
         * connection bound to a transaction is left to the transaction manager; any other is closed.
         * (ConnectionFactoryUtils.releaseConnection would count the holder down to zero and make it
         * drop the transaction's connection, since the manager never counts it up.)
         */
        static <R> Flux<R> withConnection(ConnectionFactory factory, Function<Connection, Flux<R>> use) {
            return Flux.usingWhen(
                    org.springframework.r2dbc.connection.ConnectionFactoryUtils.getConnection(factory),
                    use,
                    c -> release(c, factory),
                    (c, e) -> release(c, factory),
                    c -> release(c, factory));
        }

        private static Mono<Void> release(Connection c, ConnectionFactory factory) {
            return org.springframework.r2dbc.connection.ConnectionFactoryUtils.currentConnectionFactory(factory)
                    .then()
                    .onErrorResume(Exception.class, e -> PoolRelease.close(c));
        }
    }
}
