package dev.tortoise.internal.model;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.List;

/**
 * Accessors on a Java attribute through its getter and setter handles, each compiled like a field access. Every
 * row read sets each column's attribute through one, so a handle called through its generic entry (a few
 * indirections and checks per call) costs in proportion to the rows read; here each accessor is a hidden class of
 * its own, defined from {@link ConstantHandleAccessor}'s bytes with the handles as its constants. Where a hidden
 * class cannot be defined (the template's bytes are not readable), the accessor calls the handles as they are:
 * the same behaviour, slower.
 */
public final class FieldAccessors {
    private static final byte[] TEMPLATE = template("ConstantHandleAccessor.class");
    private static final byte[] FACTORY_TEMPLATE = template("ConstantHandleFactory.class");
    private static final byte[] HOLDERS_TEMPLATE = template("ConstantHolderInit.class");

    private FieldAccessors() {
    }

    /**
     * An accessor through {@code getter} ({@code (Object)Object}) and {@code setter} ({@code (Object,Object)void});
     * {@code primitive}: the attribute is of a primitive type, and setting null leaves it as it is.
     */
    public static Accessor of(MethodHandle getter, MethodHandle setter, boolean primitive) {
        if (!getter.type().equals(MethodType.methodType(Object.class, Object.class))
                || !setter.type().equals(MethodType.methodType(void.class, Object.class, Object.class))) {
            throw new IllegalArgumentException("accessor handles of the wrong type: " + getter.type() + ", "
                    + setter.type());
        }
        if (TEMPLATE != null) {
            try {
                MethodHandles.Lookup hidden = MethodHandles.lookup().defineHiddenClassWithClassData(TEMPLATE,
                        List.of(getter, setter, primitive), true);
                return (Accessor) hidden.findConstructor(hidden.lookupClass(), MethodType.methodType(void.class))
                        .invoke();
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable t) {
                throw new IllegalStateException("Cannot define an attribute accessor: " + t, t);
            }
        }
        return new HandleAccessor(getter, setter, primitive);
    }

    /**
     * A factory calling {@code constructor} ({@code ()Object}), compiled like a plain {@code new}: a hidden class
     * of its own with the handle as its constant, as the accessors are.
     */
    public static InstanceFactory factory(MethodHandle constructor) {
        if (!constructor.type().equals(MethodType.methodType(Object.class))) {
            throw new IllegalArgumentException("constructor handle of the wrong type: " + constructor.type());
        }
        if (FACTORY_TEMPLATE != null) {
            try {
                MethodHandles.Lookup hidden = MethodHandles.lookup().defineHiddenClassWithClassData(FACTORY_TEMPLATE,
                        constructor, true);
                return (InstanceFactory) hidden.findConstructor(hidden.lookupClass(),
                        MethodType.methodType(void.class)).invoke();
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable t) {
                throw new IllegalStateException("Cannot define an instance factory: " + t, t);
            }
        }
        return () -> (Object) constructor.invokeExact();
    }

    /**
     * The initialiser of a model class's relation holders: per attribute, in order, a holder made by
     * {@code constructors[i]}, attached to the owner under {@code names[i]} and stored through {@code accessors[i]};
     * a hidden class of its own with them as its constants. Null where none can be defined (more attributes than
     * the template's slots, or its bytes not readable): the caller then loops over the attributes itself.
     */
    public static HolderInit holders(InstanceFactory[] constructors, Accessor[] accessors, String[] names) {
        if (HOLDERS_TEMPLATE == null || constructors.length > ConstantHolderInit.SLOTS) {
            return null;
        }
        Object[] data = new Object[constructors.length * ConstantHolderInit.PER_SLOT];
        for (int i = 0; i < constructors.length; i++) {
            data[i * ConstantHolderInit.PER_SLOT] = constructors[i];
            data[i * ConstantHolderInit.PER_SLOT + 1] = accessors[i];
            data[i * ConstantHolderInit.PER_SLOT + 2] = names[i];
        }
        try {
            MethodHandles.Lookup hidden = MethodHandles.lookup().defineHiddenClassWithClassData(HOLDERS_TEMPLATE,
                    data, true);
            return (HolderInit) hidden.findConstructor(hidden.lookupClass(), MethodType.methodType(void.class))
                    .invoke();
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("Cannot define a holder initialiser: " + t, t);
        }
    }

    /** Whether accessors are hidden classes with constant handles (false: the template's bytes were not found). */
    static boolean constant() {
        return TEMPLATE != null && FACTORY_TEMPLATE != null;
    }

    private static byte[] template(String resource) {
        try (InputStream in = FieldAccessors.class.getResourceAsStream(resource)) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            return null;
        }
    }

    /** The accessor where no hidden class can be defined: the handles called through their generic entry. */
    private record HandleAccessor(MethodHandle getter, MethodHandle setter, boolean primitive) implements Accessor {
        @Override
        public Object get(Object instance) {
            try {
                return (Object) getter.invokeExact(instance);
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable t) {
                throw new IllegalStateException(t);
            }
        }

        @Override
        public void set(Object instance, Object value) {
            if (value == null && primitive) {
                return;
            }
            try {
                setter.invokeExact(instance, value);
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable t) {
                throw new IllegalStateException(t);
            }
        }
    }
}
