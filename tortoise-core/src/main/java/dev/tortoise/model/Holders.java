package dev.tortoise.model;

import dev.tortoise.exception.ConfigurationError;
import dev.tortoise.internal.model.Accessor;
import dev.tortoise.internal.model.FieldAccessors;
import dev.tortoise.internal.model.HolderInit;
import dev.tortoise.internal.model.InstanceFactory;
import dev.tortoise.internal.model.RelationHolder;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;

/**
 * Creates the relation holders of a new instance through a per-class initialiser computed once: a generated one
 * ({@link FieldAccessors#holders}) whose stores are call sites of its own, else a loop over the attributes.
 */
final class Holders {
    /** A declared holder attribute: its constructor and accessor are classes of their own (FieldAccessors). */
    private record HolderField(String name, InstanceFactory constructor, Accessor access) {
    }

    /** A class without holder attributes. */
    private static final HolderInit NONE = owner -> {
    };

    private static final ClassValue<HolderInit> INITS = new ClassValue<>() {
        @Override
        protected HolderInit computeValue(Class<?> type) {
            List<HolderField> fields = fields(type);
            if (fields.isEmpty()) {
                return NONE;
            }
            HolderInit generated = FieldAccessors.holders(
                    fields.stream().map(HolderField::constructor).toArray(InstanceFactory[]::new),
                    fields.stream().map(HolderField::access).toArray(Accessor[]::new),
                    fields.stream().map(HolderField::name).toArray(String[]::new));
            return generated != null ? generated : new Loop(fields);
        }
    };

    private Holders() {
    }

    static void init(Model owner) {
        INITS.get(owner.getClass()).init(owner);
    }

    /** The initialiser {@link #init} uses for instances of {@code type} (for tests). */
    static HolderInit of(Class<?> type) {
        return INITS.get(type);
    }

    /** The loop initialiser of {@code type}, as used where no generated one can be made (for tests). */
    static HolderInit loop(Class<?> type) {
        return new Loop(fields(type));
    }

    private static List<HolderField> fields(Class<?> type) {
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

    /** Creates each holder in turn through the attributes' factories and accessors. */
    private record Loop(List<HolderField> fields) implements HolderInit {
        @Override
        public void init(Model owner) {
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
}
