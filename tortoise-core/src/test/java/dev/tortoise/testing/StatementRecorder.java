package dev.tortoise.testing;

import dev.tortoise.execution.StatementEvent;
import dev.tortoise.execution.StatementListener;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records every statement a runtime executes, so tests can count and inspect them. */
public final class StatementRecorder implements StatementListener {
    private final List<StatementEvent> events = new CopyOnWriteArrayList<>();

    @Override
    public void onStatement(StatementEvent event) {
        events.add(event);
    }

    public List<StatementEvent> events() {
        return new ArrayList<>(events);
    }

    public List<String> sql() {
        return events.stream().map(StatementEvent::sql).toList();
    }

    public int count() {
        return events.size();
    }

    public void clear() {
        events.clear();
    }
}
