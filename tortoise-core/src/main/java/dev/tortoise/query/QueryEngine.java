package dev.tortoise.query;

import dev.tortoise.sql.ast.Statement;
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
}
