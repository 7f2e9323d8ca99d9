package dev.tortoise.internal.model;

import dev.tortoise.exception.OperationalError;
import dev.tortoise.model.ModelRegistry;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The open runtimes, so that an instance made with {@code new} can find the one runtime that
 * knows its class. With several runtimes knowing the class the call is ambiguous and fails;
 * the ModelManager's explicit methods always work.
 */
public final class ModelBindings {
    private static final List<InstanceBinding> OPEN = new CopyOnWriteArrayList<>();

    private ModelBindings() {
    }

    /** Registers an open runtime. */
    public static void register(InstanceBinding binding) {
        OPEN.add(binding);
    }

    /** Forgets a closed runtime. */
    public static void unregister(InstanceBinding binding) {
        OPEN.remove(binding);
    }

    /** The open runtime whose models are {@code registry}, or null (none is, or it was closed). */
    public static InstanceBinding of(ModelRegistry registry) {
        for (InstanceBinding b : OPEN) {
            if (b.registry() == registry) {
                return b;
            }
        }
        return null;
    }

    /** The only open runtime that knows {@code modelClass}; OperationalError when none or several do. */
    public static InstanceBinding only(Class<?> modelClass) {
        InstanceBinding found = null;
        for (InstanceBinding b : OPEN) {
            if (b.metaOrNull(modelClass) != null) {
                if (found != null) {
                    throw new OperationalError(modelClass.getSimpleName() + " is known to several Tortoise runtimes and "
                            + "this instance is bound to none; use ModelManager methods (models.save(obj)) instead");
                }
                found = b;
            }
        }
        if (found == null) {
            throw new OperationalError("No Tortoise runtime knows " + modelClass.getSimpleName()
                    + "; call Tortoise.init(...) with its package first");
        }
        return found;
    }
}
