package dev.tortoise.execution;

import java.time.Duration;
import java.util.List;

/**
 * One statement the ORM sent: for logs, metrics ({@code tortoise.statements}) and tests that
 * count statements.
 *
 * @param connection the connection name
 * @param operation what the statement does ({@code select}, {@code insert}, ...)
 * @param model the model's name, or null
 * @param sql the SQL text with bind markers
 * @param bindings the bound values
 * @param duration the time from sending to the last row (or the error)
 * @param error the error, or null
 */
public record StatementEvent(String connection, String operation, String model, String sql, List<Object> bindings,
                             Duration duration, Throwable error) {
}
