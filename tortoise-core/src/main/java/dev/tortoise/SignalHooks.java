package dev.tortoise;

import dev.tortoise.internal.query.LifecycleHooks;
import dev.tortoise.model.Model;
import dev.tortoise.model.ModelMeta;
import dev.tortoise.signals.Signals;
import java.util.List;
import reactor.core.publisher.Mono;

/** Connects instance writes ({@link LifecycleHooks}) to the runtime's signal listeners. */
final class SignalHooks implements LifecycleHooks {
    private final Signals signals;

    SignalHooks(Signals signals) {
        this.signals = signals;
    }

    @Override
    public Mono<Void> preSave(ModelMeta meta, Model instance, List<String> updateFields, String connection) {
        return signals.firePreSave(instance, connection, updateFields);
    }

    @Override
    public Mono<Void> postSave(ModelMeta meta, Model instance, boolean created, List<String> updateFields,
                               String connection) {
        return signals.firePostSave(instance, created, connection, updateFields);
    }

    @Override
    public Mono<Void> preDelete(ModelMeta meta, Model instance, String connection) {
        return signals.firePreDelete(instance, connection);
    }

    @Override
    public Mono<Void> postDelete(ModelMeta meta, Model instance, String connection) {
        return signals.firePostDelete(instance, connection);
    }
}
