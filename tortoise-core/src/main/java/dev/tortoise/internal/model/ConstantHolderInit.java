package dev.tortoise.internal.model;

import dev.tortoise.exception.ConfigurationError;
import dev.tortoise.model.Model;
import java.lang.constant.ConstantDescs;
import java.lang.invoke.MethodHandles;

/**
 * The template of {@link FieldAccessors#holders}: never used as it is, only defined anew as a hidden class per
 * model class, whose class data (per declared holder attribute its constructor, accessor and name) become its
 * static final constants. Unrolled over {@link #SLOTS} slots, so that each holder is made, attached and stored
 * through call sites of its own whose receivers are constants (the JIT inlines them), where a loop over the
 * attributes calls every model's factories and accessors through one site each. Slots beyond the count fold away.
 */
final class ConstantHolderInit implements HolderInit {
    /** The most holder attributes a generated initialiser covers. */
    static final int SLOTS = 8;
    static final int PER_SLOT = 3;

    private static final int COUNT;
    private static final InstanceFactory F0;
    private static final Accessor A0;
    private static final String N0;
    private static final InstanceFactory F1;
    private static final Accessor A1;
    private static final String N1;
    private static final InstanceFactory F2;
    private static final Accessor A2;
    private static final String N2;
    private static final InstanceFactory F3;
    private static final Accessor A3;
    private static final String N3;
    private static final InstanceFactory F4;
    private static final Accessor A4;
    private static final String N4;
    private static final InstanceFactory F5;
    private static final Accessor A5;
    private static final String N5;
    private static final InstanceFactory F6;
    private static final Accessor A6;
    private static final String N6;
    private static final InstanceFactory F7;
    private static final Accessor A7;
    private static final String N7;

    static {
        Object[] data;
        try {
            data = MethodHandles.classData(MethodHandles.lookup(), ConstantDescs.DEFAULT_NAME, Object[].class);
        } catch (IllegalAccessException e) {
            throw new ExceptionInInitializerError(e);
        }
        if (data == null) {
            throw new IllegalStateException("ConstantHolderInit is a template: define it with class data");
        }
        COUNT = data.length / PER_SLOT;
        F0 = (InstanceFactory) slot(data, 0, 0);
        A0 = (Accessor) slot(data, 0, 1);
        N0 = (String) slot(data, 0, 2);
        F1 = (InstanceFactory) slot(data, 1, 0);
        A1 = (Accessor) slot(data, 1, 1);
        N1 = (String) slot(data, 1, 2);
        F2 = (InstanceFactory) slot(data, 2, 0);
        A2 = (Accessor) slot(data, 2, 1);
        N2 = (String) slot(data, 2, 2);
        F3 = (InstanceFactory) slot(data, 3, 0);
        A3 = (Accessor) slot(data, 3, 1);
        N3 = (String) slot(data, 3, 2);
        F4 = (InstanceFactory) slot(data, 4, 0);
        A4 = (Accessor) slot(data, 4, 1);
        N4 = (String) slot(data, 4, 2);
        F5 = (InstanceFactory) slot(data, 5, 0);
        A5 = (Accessor) slot(data, 5, 1);
        N5 = (String) slot(data, 5, 2);
        F6 = (InstanceFactory) slot(data, 6, 0);
        A6 = (Accessor) slot(data, 6, 1);
        N6 = (String) slot(data, 6, 2);
        F7 = (InstanceFactory) slot(data, 7, 0);
        A7 = (Accessor) slot(data, 7, 1);
        N7 = (String) slot(data, 7, 2);
    }

    private static Object slot(Object[] data, int slot, int part) {
        int i = slot * PER_SLOT + part;
        return i < data.length ? data[i] : null;
    }

    @Override
    public void init(Model owner) {
        if (COUNT > 0) {
            A0.set(owner, holder(F0, owner, N0));
        }
        if (COUNT > 1) {
            A1.set(owner, holder(F1, owner, N1));
        }
        if (COUNT > 2) {
            A2.set(owner, holder(F2, owner, N2));
        }
        if (COUNT > 3) {
            A3.set(owner, holder(F3, owner, N3));
        }
        if (COUNT > 4) {
            A4.set(owner, holder(F4, owner, N4));
        }
        if (COUNT > 5) {
            A5.set(owner, holder(F5, owner, N5));
        }
        if (COUNT > 6) {
            A6.set(owner, holder(F6, owner, N6));
        }
        if (COUNT > 7) {
            A7.set(owner, holder(F7, owner, N7));
        }
    }

    /** A new holder of attribute {@code name}, attached to {@code owner}. */
    private static RelationHolder holder(InstanceFactory constructor, Model owner, String name) {
        RelationHolder h;
        try {
            h = (RelationHolder) constructor.create();
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new ConfigurationError("Cannot create relation holder " + name + ": " + t);
        }
        h.attach(owner, name);
        return h;
    }
}
