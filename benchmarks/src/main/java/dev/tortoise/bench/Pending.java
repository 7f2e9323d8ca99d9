package dev.tortoise.bench;

import dev.tortoise.query.Manager;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Collection;
import java.util.List;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

/**
 * Reaches core features that are still being written on other branches (bulk_create) through
 * their documented names, so the workload is measured as soon as the feature lands and reported
 * as "not available yet" before.
 */
final class Pending {
    private Pending() {
    }

    /** Manager.bulkCreate(Collection) or bulkCreate(List), else NotAvailable. */
    static Method bulkCreate(Manager<?> m) {
        for (Method x : m.getClass().getMethods()) {
            if (x.getName().equals("bulkCreate") && x.getParameterCount() == 1
                    && Collection.class.isAssignableFrom(x.getParameterTypes()[0])) {
                return x;
            }
        }
        throw new Workload.NotAvailable("Manager.bulkCreate(...) is not in tortoise-core yet");
    }

    /**
     * The aggregate {@code name} (Count, Sum) of a field, from the expression package once it has
     * aggregates (a static {@code of(String)} or a constructor taking the field name), else NotAvailable.
     */
    static dev.tortoise.expression.Expression aggregate(String name, String field) {
        for (String pkg : new String[] {"dev.tortoise.expression.", "dev.tortoise.expression.functions.",
            "dev.tortoise.expression.aggregate."}) {
            Class<?> cls;
            try {
                cls = Class.forName(pkg + name);
            } catch (ClassNotFoundException e) {
                continue;
            }
            try {
                try {
                    return (dev.tortoise.expression.Expression) cls.getMethod("of", String.class).invoke(null, field);
                } catch (NoSuchMethodException e) {
                    return (dev.tortoise.expression.Expression) cls.getConstructor(String.class).newInstance(field);
                }
            } catch (ReflectiveOperationException | ClassCastException e) {
                throw new Workload.NotAvailable("aggregate " + cls.getName() + " cannot be built from a field name: " + e);
            }
        }
        throw new Workload.NotAvailable("aggregates (" + name + ") are not in tortoise-core yet");
    }

    static Mono<Void> invokeBulk(Method bulk, Manager<?> m, List<?> objects) {
        try {
            return Mono.from((Publisher<?>) bulk.invoke(m, objects)).then();
        } catch (InvocationTargetException e) {
            return Mono.error(e.getCause());
        } catch (IllegalAccessException e) {
            return Mono.error(e);
        }
    }
}
