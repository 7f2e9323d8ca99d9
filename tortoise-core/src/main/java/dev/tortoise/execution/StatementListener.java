package dev.tortoise.execution;

/** Receives every statement the ORM executes, after it completes or fails; must not block. */
@FunctionalInterface
public interface StatementListener {
    void onStatement(StatementEvent event);
}
