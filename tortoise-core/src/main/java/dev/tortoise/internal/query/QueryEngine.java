package dev.tortoise.internal.query;

import dev.tortoise.model.ModelMeta;
import dev.tortoise.query.SqlText;
import dev.tortoise.sql.ast.Statement;
import java.util.function.Supplier;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;

/**
 * The port through which queries run: implemented by the execution layer, which renders the
 * statement for the connection's dialect, binds, executes, maps rows and stitches relations.
 * Nothing runs until the returned publisher is subscribed; the connection is chosen then, from
 * the Reactor Context (a surrounding transaction) or the pool.
 */
public interface QueryEngine {

    /**
     * Runs a compiled query. The elements depend on its shape: model instances, maps, lists or
     * single values for reads; one Long row count for writes; Object[] rows for RETURNING.
     */
    Flux<Object> run(CompiledQuery query);

    /** The SQL text and bind values a statement would be sent with on a connection. */
    SqlText sql(Statement statement, String connection);

    /**
     * The SQL text of a statement; with {@code paramsInline} the values written into it as the
     * dialect's literals and no bindings (for display only, never run).
     */
    default SqlText sql(Statement statement, String connection, boolean paramsInline) {
        if (paramsInline) {
            throw new dev.tortoise.exception.UnSupportedError("This query engine cannot inline parameters");
        }
        return sql(statement, connection);
    }

    /**
     * Runs {@code body} atomically on the connection {@code model}'s writes go to (or the named
     * one): in a new transaction, or in a savepoint of the transaction already open there.
     */
    default <R> Flux<R> atomic(ModelMeta model, String connection, Supplier<? extends Publisher<R>> body) {
        return Flux.defer(body);
    }

    /**
     * Runs {@code body}, whose statements are {@code query} and the queries that follow from it (its
     * prefetches), on one connection of the pool where {@code query} runs when no transaction is open
     * there: taken once and released once, when the body's result has ended (completed, failed or
     * cancelled), before that result is passed on. Inside a transaction (or such a scope already
     * open on that connection) the body runs as it is. Opens no transaction.
     */
    default <R> reactor.core.publisher.Mono<R> pinned(CompiledQuery query,
                                                      Supplier<? extends reactor.core.publisher.Mono<R>> body) {
        return reactor.core.publisher.Mono.defer(body);
    }

    /** The most bind parameters one statement may carry on the connection {@code model}'s writes go to. */
    default int maxBindParameters(ModelMeta model, String connection) {
        return 32_767;
    }

    /**
     * Whether one failing statement leaves none of its changes behind on that connection; where
     * not, multi-row writes run in a transaction (a savepoint inside one).
     */
    default boolean atomicStatements(ModelMeta model, String connection) {
        return true;
    }

    /**
     * Whether inserts that skip conflicting rows are atomic against concurrent inserts of the same
     * key on that connection; where not, callers that need it serialise on a row lock.
     */
    default boolean atomicUpserts(ModelMeta model, String connection) {
        return true;
    }

    /**
     * Whether a row inserted with an explicit generated key must be followed by an
     * {@link dev.tortoise.sql.ast.AdvanceGeneratedKey} on that connection, so that later generated
     * keys do not collide with it.
     */
    default boolean advancesGeneratedKeys(ModelMeta model, String connection) {
        return false;
    }
}
