package dev.tortoise.model;

import dev.tortoise.exception.ConfigurationError;
import dev.tortoise.internal.model.Accessor;
import dev.tortoise.internal.model.FieldAccessors;
import dev.tortoise.internal.model.InstanceFactory;
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
    /** A declared holder attribute: its constructor and accessor are classes of their own (FieldAccessors). */
    private record HolderField(String name, InstanceFactory constructor, Accessor access) {
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
                        MethodHandle getter = l.unreflectGetter(f)
                                .asType(MethodType.methodType(Object.class, Object.class));
                        MethodHandle setter = l.unreflectSetter(f)
                                .asType(MethodType.methodType(void.class, Object.class, Object.class));
                        out.add(new HolderField(f.getName(), FieldAccessors.factory(ctor),
                                FieldAccessors.of(getter, setter, false)));
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
                RelationHolder h = (RelationHolder) hf.constructor().create();
                h.attach(owner, hf.name());
                hf.access().set(owner, h);
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable t) {
                throw new ConfigurationError("Cannot create relation holder " + hf.name() + ": " + t);
            }
        }
    }
}
