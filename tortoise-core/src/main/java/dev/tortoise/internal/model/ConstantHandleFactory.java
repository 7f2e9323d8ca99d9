package dev.tortoise.internal.model;

import java.lang.constant.ConstantDescs;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;

/**
 * The template of {@link FieldAccessors#factory}: never used as it is, only defined anew as a hidden class per
 * constructor, whose class data (a {@code ()Object} handle) becomes its static final constant, so that the JIT
 * compiles {@link #create} to the allocation and the constructor's body.
 */
final class ConstantHandleFactory implements InstanceFactory {
    private static final MethodHandle CONSTRUCTOR;

    static {
        try {
            CONSTRUCTOR = MethodHandles.classData(MethodHandles.lookup(), ConstantDescs.DEFAULT_NAME,
                    MethodHandle.class);
        } catch (IllegalAccessException e) {
            throw new ExceptionInInitializerError(e);
        }
        if (CONSTRUCTOR == null) {
            throw new IllegalStateException("ConstantHandleFactory is a template: define it with class data");
        }
    }

    @Override
    public Object create() throws Throwable {
        return (Object) CONSTRUCTOR.invokeExact();
    }
}
