package dev.tortoise.signals;

import dev.tortoise.exception.ConfigurationError;
import dev.tortoise.model.Model;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

/**
 * The signal listeners of one runtime, per model class. Listeners are reactive: each returns a
 * publisher, the listeners of one signal run concurrently (as Tortoise's {@code asyncio.gather}),
 * and the save or delete waits for all of them; the first failure fails the save or delete.
 * Registration is thread-safe and may happen at any time.
 */
public final class Signals {
    private final Map<Signal, Map<Class<?>, List<Object>>> listeners = new EnumMap<>(Signal.class);

    public Signals() {
        for (Signal s : Signal.values()) {
            listeners.put(s, new ConcurrentHashMap<>());
        }
    }

    private Signals add(Signal signal, Class<? extends Model> model, Object listener) {
        if (model == null) {
            throw new ConfigurationError("A " + signal + " listener needs a model class");
        }
        if (listener == null) {
            throw new ConfigurationError("Signal listener for " + model.getSimpleName() + " is null");
        }
        listeners.get(signal).computeIfAbsent(model, k -> new CopyOnWriteArrayList<>()).add(listener);
        return this;
    }

    /** Adds a pre_save listener for a model class. */
    public <T extends Model> Signals preSave(Class<T> model, PreSave<T> listener) {
        return add(Signal.PRE_SAVE, model, listener);
    }

    /** Adds a post_save listener for a model class. */
    public <T extends Model> Signals postSave(Class<T> model, PostSave<T> listener) {
        return add(Signal.POST_SAVE, model, listener);
    }

    /** Adds a pre_delete listener for a model class. */
    public <T extends Model> Signals preDelete(Class<T> model, PreDelete<T> listener) {
        return add(Signal.PRE_DELETE, model, listener);
    }

    /** Adds a post_delete listener for a model class. */
    public <T extends Model> Signals postDelete(Class<T> model, PostDelete<T> listener) {
        return add(Signal.POST_DELETE, model, listener);
    }

    /**
     * Registers every {@link Receiver}-annotated method of {@code bean}. A method whose parameters
     * do not fit its signal is a ConfigurationError, raised now rather than at the first save.
     */
    public Signals register(Object bean) {
        int found = 0;
        for (Method m : bean.getClass().getMethods()) {
            Receiver r = m.getAnnotation(Receiver.class);
            if (r == null) {
                continue;
            }
            found++;
            Class<?>[] expected = switch (r.value()) {
                case PRE_SAVE -> new Class<?>[] {Class.class, Model.class, String.class, List.class};
                case POST_SAVE -> new Class<?>[] {Class.class, Model.class, boolean.class, String.class, List.class};
                case PRE_DELETE, POST_DELETE -> new Class<?>[] {Class.class, Model.class, String.class};
            };
            Class<?>[] actual = m.getParameterTypes();
            boolean fits = actual.length == expected.length;
            for (int i = 0; fits && i < actual.length; i++) {
                fits = i == 1 ? Model.class.isAssignableFrom(actual[i]) : actual[i] == expected[i];
            }
            if (!fits) {
                throw new ConfigurationError("Signal receiver " + bean.getClass().getSimpleName() + "." + m.getName()
                        + " must take " + describe(r.value()));
            }
            if (m.getReturnType() != void.class && !Publisher.class.isAssignableFrom(m.getReturnType())) {
                throw new ConfigurationError("Signal receiver " + bean.getClass().getSimpleName() + "." + m.getName()
                        + " must return a Publisher or void");
            }
            for (Class<? extends Model> model : r.models()) {
                if (!actual[1].isAssignableFrom(model)) {
                    throw new ConfigurationError("Signal receiver " + bean.getClass().getSimpleName() + "."
                            + m.getName() + " takes " + actual[1].getSimpleName() + " but listens to "
                            + model.getSimpleName());
                }
                add(r.value(), model, new Reflective(bean, m));
            }
        }
        if (found == 0) {
            throw new ConfigurationError(bean.getClass().getName() + " has no public @Receiver methods");
        }
        return this;
    }

    private static String describe(Signal s) {
        return switch (s) {
            case PRE_SAVE -> "(Class sender, <Model> instance, String usingDb, List<String> updateFields)";
            case POST_SAVE -> "(Class sender, <Model> instance, boolean created, String usingDb, "
                    + "List<String> updateFields)";
            case PRE_DELETE, POST_DELETE -> "(Class sender, <Model> instance, String usingDb)";
        };
    }

    /** Whether any listener of the signal is registered for the model class. */
    public boolean has(Signal signal, Class<?> model) {
        List<Object> l = listeners.get(signal).get(model);
        return l != null && !l.isEmpty();
    }

    /** Fires pre_save for an instance; completes when every listener has. */
    public Mono<Void> firePreSave(Model instance, String usingDb, List<String> updateFields) {
        if (!has(Signal.PRE_SAVE, instance.getClass())) {
            return Mono.empty(); // the common case: no listener, so no capturing lambda per save
        }
        return fire(Signal.PRE_SAVE, instance, l -> ((PreSave<Model>) l)
                .onPreSave(sender(instance), instance, usingDb, updateFields));
    }

    /** Fires post_save for an instance; completes when every listener has. */
    public Mono<Void> firePostSave(Model instance, boolean created, String usingDb, List<String> updateFields) {
        if (!has(Signal.POST_SAVE, instance.getClass())) {
            return Mono.empty(); // the common case: no listener, so no capturing lambda per save
        }
        return fire(Signal.POST_SAVE, instance, l -> ((PostSave<Model>) l)
                .onPostSave(sender(instance), instance, created, usingDb, updateFields));
    }

    /** Fires pre_delete for an instance; completes when every listener has. */
    public Mono<Void> firePreDelete(Model instance, String usingDb) {
        if (!has(Signal.PRE_DELETE, instance.getClass())) {
            return Mono.empty(); // the common case: no listener, so no capturing lambda per save
        }
        return fire(Signal.PRE_DELETE, instance, l -> ((PreDelete<Model>) l)
                .onPreDelete(sender(instance), instance, usingDb));
    }

    /** Fires post_delete for an instance; completes when every listener has. */
    public Mono<Void> firePostDelete(Model instance, String usingDb) {
        if (!has(Signal.POST_DELETE, instance.getClass())) {
            return Mono.empty(); // the common case: no listener, so no capturing lambda per save
        }
        return fire(Signal.POST_DELETE, instance, l -> ((PostDelete<Model>) l)
                .onPostDelete(sender(instance), instance, usingDb));
    }

    @SuppressWarnings("unchecked")
    private static Class<Model> sender(Model instance) {
        return (Class<Model>) instance.getClass();
    }

    private Mono<Void> fire(Signal signal, Model instance, java.util.function.Function<Object, Publisher<?>> call) {
        List<Object> l = listeners.get(signal).get(instance.getClass());
        if (l == null || l.isEmpty()) {
            return Mono.empty();
        }
        List<Mono<Void>> running = new ArrayList<>(l.size());
        for (Object listener : l) {
            running.add(Mono.defer(() -> {
                Publisher<?> p = call.apply(listener);
                return p == null ? Mono.<Void>empty() : Mono.from(p).then();
            }));
        }
        return running.size() == 1 ? running.get(0) : Mono.when(running);
    }

    /** A {@link Receiver} method, called with the signal's arguments. */
    private record Reflective(Object bean, Method method)
            implements PreSave<Model>, PostSave<Model>, PreDelete<Model>, PostDelete<Model> {
        private Publisher<?> invoke(Object... args) {
            try {
                Object out = method.invoke(bean, args);
                return out instanceof Publisher<?> p ? p : null;
            } catch (InvocationTargetException e) {
                Throwable cause = e.getCause();
                if (cause instanceof RuntimeException re) {
                    throw re;
                }
                if (cause instanceof Error err) {
                    throw err;
                }
                throw new IllegalStateException(cause);
            } catch (IllegalAccessException e) {
                throw new ConfigurationError("Signal receiver " + method + " is not accessible: " + e.getMessage());
            }
        }

        @Override
        public Publisher<?> onPreSave(Class<Model> sender, Model instance, String usingDb, List<String> updateFields) {
            return invoke(sender, instance, usingDb, updateFields);
        }

        @Override
        public Publisher<?> onPostSave(Class<Model> sender, Model instance, boolean created, String usingDb,
                                       List<String> updateFields) {
            return invoke(sender, instance, created, usingDb, updateFields);
        }

        @Override
        public Publisher<?> onPreDelete(Class<Model> sender, Model instance, String usingDb) {
            return invoke(sender, instance, usingDb);
        }

        @Override
        public Publisher<?> onPostDelete(Class<Model> sender, Model instance, String usingDb) {
            return invoke(sender, instance, usingDb);
        }
    }
}
