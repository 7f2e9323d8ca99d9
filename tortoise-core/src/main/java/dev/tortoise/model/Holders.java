package dev.tortoise.model;

import dev.tortoise.exception.ConfigurationError;
import dev.tortoise.internal.model.RelationHolder;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;

/** Creates the relation holders of a new instance, from a per-class list computed once. */
final class Holders {
    private record HolderField(String name, MethodHandle constructor, MethodHandle setter) {
    }

    private static final ClassValue<List<HolderField>> FIELDS = new ClassValue<>() {
        @Override
        protected List<HolderField> computeValue(Class<?> type) {
            List<HolderField> out = new ArrayList<>();
            for (Class<?> c = type; c != null && c != Model.class; c = c.getSuperclass()) {
                for (Field f : c.getDeclaredFields()) {
                    if (Modifier.isStatic(f.getModifiers()) || !RelationHolder.class.isAssignableFrom(f.getType())
                            || Modifier.isAbstract(f.getType().getModifiers()) || f.getType().isInterface()) {
                        continue;
                    }
                    try {
                        MethodHandles.Lookup l = Accessors.lookup(c);
                        MethodHandle ctor = MethodHandles.publicLookup().findConstructor(f.getType(),
                                MethodType.methodType(void.class)).asType(MethodType.methodType(Object.class));
                        MethodHandle setter = l.unreflectSetter(f)
                                .asType(MethodType.methodType(void.class, Object.class, Object.class));
                        out.add(new HolderField(f.getName(), ctor, setter));
                    } catch (ReflectiveOperationException e) {
                        throw new ConfigurationError(type.getSimpleName() + "." + f.getName()
                                + ": cannot create its relation holder: " + e.getMessage());
                    }
                }
            }
            return List.copyOf(out);
        }
    };

    private Holders() {
    }

    static void init(Model owner) {
        List<HolderField> fields = FIELDS.get(owner.getClass());
        for (int i = 0; i < fields.size(); i++) {
            HolderField hf = fields.get(i);
            try {
                RelationHolder h = (RelationHolder) (Object) hf.constructor().invokeExact();
                h.attach(owner, hf.name());
                hf.setter().invokeExact((Object) owner, (Object) h);
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable t) {
                throw new ConfigurationError("Cannot create relation holder " + hf.name() + ": " + t);
            }
        }
    }
}
