package dev.tortoise.internal.model;

import java.lang.constant.ConstantDescs;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.util.List;

/**
 * The template of {@link FieldAccessors}: never used as it is, only defined anew as a hidden class per attribute,
 * whose class data (a getter, a setter and whether the attribute is primitive) become its static final
 * constants. A handle held in a static final field is a constant to the JIT, which compiles {@link #get} and
 * {@link #set} to a plain field access; a handle held in an instance field is called through the handle's
 * generic entry on every access.
 */
final class ConstantHandleAccessor implements Accessor {
    private static final MethodHandle GETTER;
    private static final MethodHandle SETTER;
    private static final boolean PRIMITIVE;

    static {
        List<?> data;
        try {
            data = MethodHandles.classData(MethodHandles.lookup(), ConstantDescs.DEFAULT_NAME, List.class);
        } catch (IllegalAccessException e) {
            throw new ExceptionInInitializerError(e);
        }
        if (data == null) {
            throw new IllegalStateException("ConstantHandleAccessor is a template: define it with class data");
        }
        GETTER = (MethodHandle) data.get(0);
        SETTER = (MethodHandle) data.get(1);
        PRIMITIVE = (Boolean) data.get(2);
    }

    @Override
    public Object get(Object instance) {
        try {
            return (Object) GETTER.invokeExact(instance);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    @Override
    public void set(Object instance, Object value) {
        if (value == null && PRIMITIVE) {
            return;
        }
        try {
            SETTER.invokeExact(instance, value);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }
}
