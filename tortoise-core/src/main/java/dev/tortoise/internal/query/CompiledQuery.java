package dev.tortoise.internal.query;

import dev.tortoise.model.ModelMeta;
import dev.tortoise.sql.ast.Statement;
import java.time.Duration;

/**
 * A statement ready to run, with what the engine needs around it.
 *
 * @param statement the SQL tree
 * @param model the model it is about (for routing, metrics and mapping)
 * @param connection the connection name chosen by {@code usingDb}, or null for routing
 * @param operation what the statement does
 * @param shape how rows become results
 * @param fetchSize rows fetched per round trip when streaming (0: the driver's default)
 * @param timeout how long the statement may run before it is cancelled on the server (null: the
 *     runtime's {@code statement-timeout}, if any)
 */
public record CompiledQuery(Statement statement, ModelMeta model, String connection, Operation operation,
                            ResultShape shape, int fetchSize, Duration timeout) {

    /** A statement with the runtime's default timeout. */
    public CompiledQuery(Statement statement, ModelMeta model, String connection, Operation operation,
                         ResultShape shape, int fetchSize) {
        this(statement, model, connection, operation, shape, fetchSize, null);
    }

    /** This statement with its own timeout ({@code null}: the runtime's default). */
    public CompiledQuery withTimeout(Duration d) {
        return d == null && timeout == null ? this
                : new CompiledQuery(statement, model, connection, operation, shape, fetchSize, d);
    }
}
