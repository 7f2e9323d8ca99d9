package dev.tortoise.internal.execution;

import dev.tortoise.execution.StatementEvent;
import dev.tortoise.execution.StatementListener;
import dev.tortoise.internal.query.CompiledQuery;
import dev.tortoise.sql.render.RenderedSql;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Publishes each finished statement to the runtime's statement listeners (metrics, logs, tests). */
final class StatementListeners {
    private static final Logger LOG = LoggerFactory.getLogger("tortoise.db_client");

    private final List<StatementListener> listeners;

    StatementListeners(List<StatementListener> listeners) {
        this.listeners = listeners;
    }

    /** Whether nobody listens (then a statement publishes nothing and keeps nothing for it). */
    boolean isEmpty() {
        return listeners.isEmpty();
    }

    /** Tells every listener about a finished statement; a listener that throws is logged and skipped. */
    void publish(DatabaseConnection db, RenderedSql sql, CompiledQuery q, long start, Throwable error) {
        StatementEvent e = new StatementEvent(db.name(), q.operation().tag(),
                q.model() == null ? null : q.model().name(), sql.sql(), sql.values(),
                Duration.ofNanos(System.nanoTime() - start), error);
        for (StatementListener l : listeners) {
            try {
                l.onStatement(e);
            } catch (RuntimeException ex) {
                LOG.warn("Statement listener {} failed", l, ex);
            }
        }
    }
}
