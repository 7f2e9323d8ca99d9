package dev.tortoise;

import dev.tortoise.execution.Transaction;
import dev.tortoise.model.Model;
import dev.tortoise.model.SaveOptions;
import dev.tortoise.query.Manager;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * What applications use to reach their models: a manager per model class, instance writes, and
 * transactions. The runtime ({@link Tortoise}) is one; the Spring starter exposes it as a bean.
 */
public interface ModelManager {

    /** The manager of a model class: its queries and writes. */
    <T extends Model> Manager<T> of(Class<T> model);

    /** Inserts or updates an instance (Tortoise's save rules) and returns it. */
    default <T extends Model> Mono<T> save(T instance) {
        return save(instance, SaveOptions.DEFAULT);
    }

    /** Saves an instance with explicit options and returns it. */
    <T extends Model> Mono<T> save(T instance, SaveOptions options);

    /** Inserts a new instance and returns it. */
    default <T extends Model> Mono<T> create(T instance) {
        return save(instance, SaveOptions.creating());
    }

    /** Deletes an instance's row. */
    <T extends Model> Mono<Void> delete(T instance);

    /** Loads relations into every instance of a list with one query per relation level. */
    Mono<Void> fetchForList(List<? extends Model> instances, String... relations);

    /**
     * Runs {@code body} in a transaction on the only connection (ParamsError with several): it
     * commits when the publisher completes and rolls back on an error signal, a thrown exception
     * or cancel, and the connection returns to the pool only after that. Nested calls are
     * savepoints; inside a Spring-managed transaction on the same pool the block is a savepoint of
     * it. Every ORM call subscribed inside the block runs on its connection, one statement at a
     * time. After a statement fails in the database, later ones in the block fail with
     * TransactionManagementError, and a block that completes anyway is rolled back and fails with
     * TransactionManagementError.
     *
     * <p>Consume the result to its end ({@code then()}, {@code singleOrEmpty()}, {@code collectList()}):
     * {@code next()} or {@code Mono.from(flux)} cancel after the first element, which rolls back.
     */
    default <R> Flux<R> inTransaction(Function<Transaction, Publisher<R>> body) {
        return inTransaction(null, body);
    }

    /** Runs {@code body} in a transaction on the named connection. */
    <R> Flux<R> inTransaction(String connection, Function<Transaction, Publisher<R>> body);

    /**
     * The Mono form of {@link #inTransaction(Function)} for the common "do these writes, return one
     * result" block: commits when the Mono completes, rolls back on error or cancel, and emits the
     * Mono's value (or completes empty) only after the commit. Nested blocks are savepoints.
     * <pre>{@code
     * Mono<Event> e = models.inTransactionMono(tx -> events.create(Map.of("name", "Final", "tournament", t))
     *         .flatMap(ev -> ev.save().thenReturn(ev)));
     * }</pre>
     */
    default <R> Mono<R> inTransactionMono(Function<Transaction, ? extends Mono<R>> body) {
        return inTransactionMono(null, body);
    }

    /** The Mono form of {@link #inTransaction(String, Function)}, on the named connection. */
    default <R> Mono<R> inTransactionMono(String connection, Function<Transaction, ? extends Mono<R>> body) {
        // singleOrEmpty awaits the block's completion (after the commit) instead of cancelling it.
        return inTransaction(connection, tx -> body.apply(tx)).singleOrEmpty();
    }

    /**
     * Runs the Mono produced by {@code work} atomically (Tortoise's {@code @atomic}): in a
     * transaction on the only connection, or a savepoint when one is open. The Mono's value is
     * awaited to completion, never taken early (an early take would cancel, and so roll back).
     */
    default <R> Mono<R> atomic(Supplier<? extends Mono<R>> work) {
        return atomic(null, work);
    }

    /** Runs the Mono produced by {@code work} atomically on the named connection. */
    default <R> Mono<R> atomic(String connection, Supplier<? extends Mono<R>> work) {
        return inTransaction(connection, tx -> work.get()).singleOrEmpty();
    }

    /** Runs the Flux produced by {@code work} atomically. */
    default <R> Flux<R> atomicMany(Supplier<? extends Publisher<R>> work) {
        return atomicMany(null, work);
    }

    /** Runs the Flux produced by {@code work} atomically on the named connection. */
    default <R> Flux<R> atomicMany(String connection, Supplier<? extends Publisher<R>> work) {
        return inTransaction(connection, tx -> work.get());
    }

    /** Creates every model's table, index and constraint; {@code safe} adds IF NOT EXISTS. */
    Mono<Void> generateSchemas(boolean safe);

    /** Tortoise's describe() of every model, keyed by {@code app.Model}. */
    Map<String, Object> describeModels();

    /** Tortoise's describe() of one model. */
    Map<String, Object> describe(Class<? extends Model> model);

    /**
     * Tortoise's {@code get_schema_sql(connection, safe)}: the DDL {@link #generateSchemas} would run
     * on the named connection, one statement per line.
     */
    String getSchemaSql(String connection, boolean safe);

    /** The DDL {@link #generateSchemas} would run on the only connection (ParamsError with several). */
    String getSchemaSql(boolean safe);

    /** The signal listeners (pre/post save and delete) of the runtime, open for registration at any time. */
    dev.tortoise.signals.Signals signals();
}
