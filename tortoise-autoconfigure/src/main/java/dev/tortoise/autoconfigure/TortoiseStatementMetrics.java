package dev.tortoise.autoconfigure;

import dev.tortoise.execution.StatementEvent;
import dev.tortoise.execution.StatementListener;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Records every statement the ORM executes in the timer {@code tortoise.statements}, tagged with
 * {@code operation} (select, insert, ...), {@code model} ({@code none} for statements of no model) and
 * {@code connection}. Never records SQL text or values.
 */
public final class TortoiseStatementMetrics implements StatementListener {
    /** The timer's name. */
    public static final String METRIC = "tortoise.statements";

    private final MeterRegistry registry;

    public TortoiseStatementMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void onStatement(StatementEvent event) {
        Timer.builder(METRIC)
                .description("Statements executed by the Tortoise ORM")
                .tag("operation", event.operation() == null ? "unknown" : event.operation())
                .tag("model", event.model() == null ? "none" : event.model())
                .tag("connection", event.connection() == null ? "unknown" : event.connection())
                .register(registry)
                .record(event.duration());
    }
}
