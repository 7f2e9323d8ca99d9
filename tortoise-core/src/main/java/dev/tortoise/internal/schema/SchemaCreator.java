package dev.tortoise.internal.schema;

import dev.tortoise.exception.ConfigurationError;
import dev.tortoise.internal.execution.DatabaseConnection;
import dev.tortoise.internal.execution.DefaultQueryEngine;
import dev.tortoise.internal.execution.ExceptionTranslator;
import dev.tortoise.model.ModelMeta;
import dev.tortoise.sql.ast.Statement;
import dev.tortoise.sql.render.RenderedSql;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Creates the schema of a runtime's models: on each connection the tables of the models whose app
 * uses it by default, rendered for its dialect and run in foreign-key order, or shown as SQL text.
 */
public final class SchemaCreator {
    private final Collection<ModelMeta> models;
    private final Map<String, DatabaseConnection> connections;
    private final DefaultQueryEngine executor;

    /**
     * @param models      every model of the runtime
     * @param connections the runtime's connections by name
     * @param executor    the engine whose connections (a surrounding transaction's, else the pool's) run the DDL
     */
    public SchemaCreator(Collection<ModelMeta> models, Map<String, DatabaseConnection> connections,
                         DefaultQueryEngine executor) {
        this.models = models;
        this.connections = connections;
        this.executor = executor;
    }

    /** Creates every model's table on its default connection, connection by connection ({@code safe}: IF NOT EXISTS). */
    public Mono<Void> create(boolean safe) {
        return Flux.fromIterable(connections.keySet())
                .concatMap(name -> {
                    List<Statement> ddl = SchemaGenerator.statements(modelsOn(name), safe);
                    DatabaseConnection db = connections.get(name);
                    return executor.withConnection(name, conn -> Flux.fromIterable(ddl)
                            .concatMap(st -> {
                                RenderedSql sql = db.renderer().render(st);
                                if (sql.sql().isBlank()) {
                                    // A dialect may have nothing to say for a statement (a comment it wrote inline).
                                    return Flux.<Long>empty();
                                }
                                return Flux.from(conn.createStatement(sql.sql()).execute())
                                        .concatMap(r -> r.getRowsUpdated())
                                        .onErrorMap(e -> ExceptionTranslator.translate(e, sql.sql(), db.dialect()));
                            }));
                })
                .then();
    }

    /** The DDL {@link #create} would run on a connection, as SQL text, one statement per line. */
    public String sql(String connection, boolean safe) {
        DatabaseConnection db = connections.get(connection);
        if (db == null) {
            throw new ConfigurationError("Unknown connection \"" + connection + "\"; connections: "
                    + connections.keySet());
        }
        StringBuilder sb = new StringBuilder();
        for (Statement st : SchemaGenerator.statements(modelsOn(connection), safe)) {
            String sql = db.renderer().render(st).sql();
            if (!sql.isBlank()) {
                sb.append(sql).append(";\n");
            }
        }
        return sb.toString();
    }

    private List<ModelMeta> modelsOn(String connection) {
        List<ModelMeta> out = new ArrayList<>();
        for (ModelMeta m : models) {
            if (connection.equals(m.connectionName())) {
                out.add(m);
            }
        }
        return out;
    }
}
