package dev.tortoise.query;

import dev.tortoise.model.ModelMeta;
import dev.tortoise.sql.ast.Statement;

/**
 * A statement ready to run, with what the engine needs around it.
 *
 * @param statement the SQL tree
 * @param model the model it is about (for routing, metrics and mapping)
 * @param connection the connection name chosen by {@code usingDb}, or null for routing
 * @param operation what the statement does
 * @param shape how rows become results
 * @param fetchSize rows fetched per round trip when streaming (0: the driver's default)
 */
public record CompiledQuery(Statement statement, ModelMeta model, String connection, Operation operation,
                            ResultShape shape, int fetchSize) {
}
