package dev.tortoise.internal.model;

import dev.tortoise.model.FieldMeta;
import dev.tortoise.model.Model;
import dev.tortoise.model.ModelMeta;

/**
 * The ORM's way to a model instance's bookkeeping (its {@link ModelState}, saved and persisted flags and
 * runtime binding), which {@link Model} keeps in private fields so that no public signature of the API shows
 * them. {@code Model} hands this class a bridge to those fields when it is initialised ({@link #install}),
 * before any instance can exist, so every method here works on any instance.
 */
public final class Instances {
    /** What {@link Model} grants: reads and writes of its private bookkeeping fields. */
    public interface Access {
        ModelState state(Model m);

        void state(Model m, ModelState state);

        boolean saved(Model m);

        void saved(Model m, boolean value);

        boolean persisted(Model m);

        void persisted(Model m, boolean value);

        /** The binding field as it is (null when unbound). */
        InstanceBinding binding(Model m);

        void binding(Model m, InstanceBinding binding);

        /** The binding, binding the instance to the only runtime that knows its class if needed. */
        InstanceBinding bindingOrOnly(Model m);

        /** The accessor through which {@code field}'s attribute is read and written. */
        Accessor accessor(FieldMeta field);

        /** The factory through which {@link ModelMeta#newInstance()} makes {@code model}'s instances. */
        InstanceFactory factory(ModelMeta model);
    }

    private static Access access;

    private Instances() {
    }

    /** Called once, by {@link Model}'s static initialiser; a second call is an IllegalStateException. */
    public static synchronized void install(Access bridge) {
        if (access != null) {
            throw new IllegalStateException("the model bridge is already installed");
        }
        access = bridge;
    }

    /** The instance's bookkeeping, created on first use. */
    public static ModelState state(Model m) {
        Access a = access;
        ModelState s = a.state(m);
        if (s == null) {
            s = new ModelState(m);
            a.state(m, s);
        }
        return s;
    }

    /**
     * The instance's state when it has one, else null; never creates it (for code that only reads the
     * state, such as JSON writers: an instance without one has no annotations, was loaded whole and has
     * nothing pending).
     */
    public static ModelState stateIfPresent(Model m) {
        return access.state(m);
    }

    /** Marks an instance just read from its row: saved, persisted and bound to {@code binding}, without a state. */
    public static void loaded(Model m, InstanceBinding binding) {
        Access a = access;
        a.saved(m, true);
        a.persisted(m, true);
        a.binding(m, binding);
    }

    /**
     * Binds a new instance to {@code binding} when it is bound to none yet, without creating its state
     * (an instance built or bulk-created and then only read never needs one).
     */
    public static void bindIfUnbound(Model m, InstanceBinding binding) {
        Access a = access;
        if (a.binding(m) == null) {
            a.binding(m, binding);
        }
    }

    /**
     * Marks an instance as reflecting its stored row (saved, hence persisted), as {@code
     * state(m).saved(true)} does, without creating its state.
     */
    public static void markSaved(Model m) {
        Access a = access;
        a.saved(m, true);
        a.persisted(m, true);
    }

    /** The runtime an instance is bound to, binding it to the only runtime that knows its class if needed. */
    public static InstanceBinding bindingOf(Model m) {
        return access.bindingOrOnly(m);
    }

    /**
     * The accessor of {@code field}'s attribute, for code that sets attributes of many instances through one call
     * site per field (generated row readers): the same object {@link FieldMeta#set} calls.
     */
    public static Accessor accessor(FieldMeta field) {
        return installed().accessor(field);
    }

    /** The factory {@link ModelMeta#newInstance()} calls, for code that makes instances through a site of its own. */
    public static InstanceFactory factory(ModelMeta model) {
        return installed().factory(model);
    }

    /**
     * The bridge, initialising {@link Model} first where no instance exists yet (the methods above take no
     * instance, so {@code Model}'s static initialiser may not have run).
     */
    private static Access installed() {
        Access a = access;
        if (a == null) {
            try {
                Class.forName(Model.class.getName(), true, Model.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
            a = access;
        }
        return a;
    }

    static boolean saved(Model m) {
        return access.saved(m);
    }

    static void saved(Model m, boolean value) {
        access.saved(m, value);
    }

    static boolean persisted(Model m) {
        return access.persisted(m);
    }

    static void persisted(Model m, boolean value) {
        access.persisted(m, value);
    }

    static InstanceBinding binding(Model m) {
        return access.binding(m);
    }

    static void binding(Model m, InstanceBinding binding) {
        access.binding(m, binding);
    }
}
