package dev.tortoise.execution;

import io.r2dbc.spi.Connection;
import reactor.core.publisher.Mono;

/**
 * An open transaction (or savepoint) of {@code ModelManager.inTransaction}, handed to the block so it can
 * commit or roll back explicitly or run its own SQL on the transaction's connection. Every ORM call
 * subscribed inside the block runs in it; a second explicit commit or rollback is a
 * TransactionManagementError ("Transaction already finalised").
 */
public interface Transaction {
    /** The name of the connection this transaction is on. */
    String connectionName();

    /** The R2DBC connection of the transaction (for application SQL in the same transaction). */
    Connection connection();

    /** 0 for the outermost transaction, 1 for a savepoint inside it, and so on. */
    int depth();

    /** Whether commit or rollback already ended this block. */
    boolean isFinished();

    /** Whether a statement of this block failed in the database (so the block can only roll back). */
    boolean isFailed();

    /** Commits now (releases the savepoint when nested); the block's end then does nothing. */
    Mono<Void> commit();

    /** Rolls back now (to the savepoint when nested); the block's end then does nothing. */
    Mono<Void> rollback();
}
