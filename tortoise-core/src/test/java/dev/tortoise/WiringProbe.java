package dev.tortoise;

import dev.tortoise.internal.query.CompiledQuery;
import dev.tortoise.internal.query.QueryEngine;
import dev.tortoise.query.SqlText;
import dev.tortoise.sql.ast.Statement;
import reactor.core.publisher.Flux;

/** A query engine wired by a setter, as the engine once was: ArchitectureTest's wiring check must report it. */
final class WiringProbe implements QueryEngine {
    private QueryEngine loader;

    public void loader(QueryEngine loader) {
        this.loader = loader;
    }

    @Override
    public Flux<Object> run(CompiledQuery query) {
        return loader.run(query);
    }

    @Override
    public SqlText sql(Statement statement, String connection) {
        return loader.sql(statement, connection);
    }
}
