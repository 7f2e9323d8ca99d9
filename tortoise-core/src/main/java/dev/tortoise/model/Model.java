package dev.tortoise.model;

import dev.tortoise.exception.FieldError;
import dev.tortoise.exception.OperationalError;
import dev.tortoise.exception.ParamsError;
import dev.tortoise.internal.model.Accessor;
import dev.tortoise.internal.model.InstanceBinding;
import dev.tortoise.internal.model.InstanceFactory;
import dev.tortoise.internal.model.Instances;
import dev.tortoise.internal.model.ModelBindings;
import dev.tortoise.internal.model.ModelState;
import dev.tortoise.internal.model.RelationHolder;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import reactor.core.publisher.Mono;

/**
 * The base class of every model. Fields are public (or private) attributes annotated with a
 * field annotation such as {@code @CharField(maxLength = 50)}; options go in {@link Meta}.
 * An instance loaded or created through a runtime stays bound to it, so its methods need no
 * runtime argument; an instance made with {@code new} uses the one runtime that knows its class.
 */
public abstract class Model {
    /**
     * The rest of the bookkeeping, created on first use: an instance read from a row and only read
     * by the application never needs one (the flags and the binding below cover it).
     */
    private transient ModelState state;
    /** The runtime the instance is bound to ({@link ModelState#binding()}). */
    private transient InstanceBinding binding;
    /** {@link ModelState#saved()}. */
    private transient boolean saved;
    /** {@link ModelState#persisted()}. */
    private transient boolean persisted;

    protected Model() {
        Holders.init(this);
    }

    static {
        Instances.install(new Bridge());
    }

    /**
     * The bookkeeping fields above, granted to {@link Instances} (the ORM's internal way to them): a
     * private class handed over once, so that no public signature of {@code Model} shows the ORM's
     * internal types (docs/api.md, "How the ORM reaches an instance's bookkeeping").
     */
    private static final class Bridge implements Instances.Access {
        @Override
        public ModelState state(Model m) {
            return m.state;
        }

        @Override
        public void state(Model m, ModelState state) {
            m.state = state;
        }

        @Override
        public boolean saved(Model m) {
            return m.saved;
        }

        @Override
        public void saved(Model m, boolean value) {
            m.saved = value;
        }

        @Override
        public boolean persisted(Model m) {
            return m.persisted;
        }

        @Override
        public void persisted(Model m, boolean value) {
            m.persisted = value;
        }

        @Override
        public InstanceBinding binding(Model m) {
            return m.binding;
        }

        @Override
        public void binding(Model m, InstanceBinding binding) {
            m.binding = binding;
        }

        @Override
        public InstanceBinding bindingOrOnly(Model m) {
            return m.binding();
        }

        @Override
        public Accessor accessor(FieldMeta field) {
            return field.accessor();
        }

        @Override
        public InstanceFactory factory(ModelMeta model) {
            return model.factory();
        }
    }

    private InstanceBinding binding() {
        InstanceBinding b = binding;
        if (b == null) {
            b = ModelBindings.only(getClass());
            binding = b;
        }
        return b;
    }

    /** This model's metadata from the bound runtime. */
    protected final ModelMeta meta() {
        ModelMeta meta = binding().metaOrNull(getClass());
        if (meta == null) {
            throw new OperationalError(getClass().getSimpleName() + " is not a model of the runtime it is bound to");
        }
        return meta;
    }

    /** The primary key's value (Tortoise's {@code pk} alias). */
    public Object pk() {
        return meta().pk().get(this);
    }

    /** Sets the primary key's value, coerced to the key's type. */
    public void setPk(Object value) {
        FieldMeta pk = meta().pk();
        pk.set(this, pk.coerce(value));
    }

    /**
     * Whether the instance reflects its stored row: true after it was loaded or saved, false
     * when new or after {@link #set} / {@link #updateFromDict}. Direct assignments to public
     * attributes cannot be seen and do not clear it.
     */
    public boolean isSaved() {
        return saved;
    }

    /** Inserts or updates the row (Tortoise's rules: a loaded instance is updated, a new one inserted). */
    public Mono<Void> save() {
        return Mono.defer(() -> binding().saveInstance(this, SaveOptions.DEFAULT));
    }

    /** Updates only the given fields. */
    public Mono<Void> save(String... updateFields) {
        return Mono.defer(() -> binding().saveInstance(this, SaveOptions.updateFields(updateFields)));
    }

    /** Saves with explicit options (update fields, force create/update, connection). */
    public Mono<Void> save(SaveOptions options) {
        return Mono.defer(() -> binding().saveInstance(this, options));
    }

    /** Deletes the row; OperationalError for an instance that was never saved. */
    public Mono<Void> delete() {
        return Mono.defer(() -> binding().deleteInstance(this, null));
    }

    /** Reloads the given fields (all when none are given) from the database. */
    public Mono<Void> refreshFromDb(String... fields) {
        return Mono.defer(() -> binding().refreshInstance(this, Arrays.asList(fields)));
    }

    /** Loads the named relations (nested with {@code __}) into this instance. */
    public Mono<Void> fetchRelated(String... relations) {
        return Mono.defer(() -> binding().fetchRelatedInstance(this, Arrays.asList(relations)));
    }

    /**
     * A relation accessor by name, also for reverse relations the class does not declare:
     * {@code ReverseRelation<Event> events = tournament.relation("events");}.
     */
    @SuppressWarnings("unchecked")
    public <R> R relation(String name) {
        FieldMeta f = meta().field(name);
        if (!f.kind().isRelation()) {
            throw new FieldError("Field " + name + " on " + meta().fullName() + " is not a relation");
        }
        return (R) f.get(this);
    }

    /** What a {@code Prefetch(..., toAttr)} stored under {@code name}: a list, or one instance for a forward key. */
    @SuppressWarnings("unchecked")
    public <V> V prefetched(String name) {
        ModelState s = state;
        if (s == null || !s.attributes().containsKey(name)) {
            throw new FieldError("Nothing was prefetched into '" + name + "' on this " + getClass().getSimpleName()
                    + " instance");
        }
        return (V) s.attributes().get(name);
    }

    /** Reads a field (or annotation) by name. */
    public Object get(String name) {
        ModelMeta meta = meta();
        FieldMeta f = meta.fieldOrNull(name);
        ModelState s = state;
        if (f != null) {
            if (s != null && s.hasPending() && s.pending().containsKey(f.name())) {
                return s.pending().get(f.name());
            }
            return f.get(this);
        }
        if (s != null && s.hasAnnotation(name)) {
            return s.annotation(name);
        }
        throw meta.unknownField(name);
    }

    /**
     * Sets a field by name from any value its type can take (a string for a date, say). A
     * {@link ComputedValue} such as {@code F.of("balance").add(10)} is kept as the field's pending
     * value instead: {@link #get(String)} returns it, the next save (typically with update fields)
     * writes it as SQL, and {@link #refreshFromDb(String...)} replaces it with the stored result.
     */
    public Model set(String name, Object value) {
        FieldMeta f = meta().field(name);
        if (value instanceof ComputedValue) {
            if (!f.hasColumn() || f.primaryKey()) {
                throw new FieldError("Field " + name + " of " + meta().name()
                        + " can't hold an expression (it is virtual or the primary key)");
            }
            Instances.state(this).pending().put(f.name(), value);
            return this;
        }
        ModelState s = Instances.state(this);
        if (s.hasPending()) {
            s.pending().remove(f.name());
        }
        f.set(this, f.coerceForAssignment(value));
        s.saved(false);
        return this;
    }

    /** Same as {@link #set(String, Object)} with an expression: the field is written as SQL on the next save. */
    public Model setExpression(String name, ComputedValue expression) {
        return set(name, expression);
    }

    /**
     * The instance as a map of its fields in declaration order (Tortoise's {@code dict(model)}),
     * with the same keys and nesting as the Jackson module's JSON: every data field by name
     * (including the {@code <fk>_id} key; only the loaded ones of an {@code only()} instance), a
     * fetched forward relation as its own map, a fetched reverse or many-to-many relation as a
     * list of maps, unfetched relations left out, then the annotations. Values are the Java
     * values (an OffsetDateTime stays one). An instance already being mapped further up (a cycle
     * through fetched relations) is left out, as in the JSON.
     */
    public java.util.Map<String, Object> toMap() {
        return toMap(new java.util.ArrayDeque<>());
    }

    private java.util.Map<String, Object> toMap(java.util.Deque<Model> stack) {
        ModelMeta meta = meta();
        ModelState s = state;
        java.util.Set<String> loaded = s != null && s.partial() ? s.loadedFields() : null;
        java.util.Map<String, Object> out = new java.util.LinkedHashMap<>();
        stack.push(this);
        try {
            for (FieldMeta f : meta.fields()) {
                if (f.kind() == FieldKind.DATA) {
                    if (loaded == null || loaded.contains(f.name())) {
                        out.put(f.name(), f.get(this));
                    }
                } else if (f.get(this) instanceof RelationHolder holder) {
                    Object content = holder.fetchedContent();
                    if (content instanceof Model related && !onStack(stack, related)) {
                        out.put(f.name(), related.toMap(stack));
                    } else if (content instanceof java.util.List<?> list) {
                        java.util.List<Object> maps = new java.util.ArrayList<>(list.size());
                        for (Object child : list) {
                            if (!onStack(stack, child)) {
                                maps.add(((Model) child).toMap(stack));
                            }
                        }
                        out.put(f.name(), maps);
                    }
                }
            }
            if (s != null && s.hasAnnotations()) {
                out.putAll(s.annotations());
            }
        } finally {
            stack.pop();
        }
        return out;
    }

    private static boolean onStack(java.util.Deque<Model> stack, Object o) {
        for (Model m : stack) {
            if (m == o) {
                return true;
            }
        }
        return false;
    }

    /** An annotation's value read with this instance, converted to {@code type}. */
    public <V> V annotation(String name, Class<V> type) {
        ModelState s = state;
        if (s == null || !s.hasAnnotation(name)) {
            throw new FieldError("No annotation '" + name + "' on this " + getClass().getSimpleName()
                    + " instance; annotations: " + (s != null && s.hasAnnotations() ? s.annotations().keySet()
                    : "[]"));
        }
        Object v = s.annotation(name);
        return v == null ? null : type.cast(ModelMeta.convertNumber(v, type));
    }

    /**
     * Sets fields from a map; unknown keys are a FieldError (extra = FORBID) or skipped
     * (extra = IGNORE); relation collections cannot be set this way. As in Tortoise, a loaded or saved
     * instance stays persisted, so the next {@link #save()} updates its row; {@link #isSaved()} turns
     * false until then, since the instance no longer matches the row.
     */
    public Model updateFromDict(Map<String, ?> values) {
        meta().apply(this, values);
        Instances.state(this).saved(false);
        return this;
    }

    /**
     * An unsaved copy with the same field values and a null primary key (or the default one);
     * ParamsError when the key is neither generated nor defaulted. Declared as Object's clone, so
     * it returns Model: {@link #copy()} is the same typed as the receiver.
     */
    @Override
    public Model clone() {
        ModelMeta meta = meta();
        FieldMeta pk = meta.pk();
        if (!pk.generated() && !pk.hasDefault()) {
            throw new ParamsError(meta.name() + " requires explicit primary key. Please use .clone(pk=<value>)");
        }
        return meta.copyOf(this, pk.generated() ? null : pk.defaultValue());
    }

    /**
     * Tortoise's {@code clone()} typed as the receiver, so no cast is needed:
     * {@code Event copy = event.copy();}. The same rules as {@link #clone()}.
     */
    @SuppressWarnings("unchecked")
    public <M extends Model> M copy() {
        return (M) clone();
    }

    /** An unsaved copy with the given primary key, typed as the receiver ({@code Event e = event.clone(7)}). */
    @SuppressWarnings("unchecked")
    public <M extends Model> M clone(Object pk) {
        ModelMeta meta = meta();
        return (M) meta.copyOf(this, meta.pk().coerce(pk));
    }

    /** Two instances are equal when they are of the same class and have the same non-null primary key. */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (o == null || o.getClass() != getClass()) {
            return false;
        }
        Object pk = pkOrNull();
        return pk != null && pk.equals(((Model) o).pkOrNull());
    }

    @Override
    public int hashCode() {
        Object pk = pkOrNull();
        return pk == null ? System.identityHashCode(this) : Objects.hash(getClass(), pk);
    }

    private Object pkOrNull() {
        InstanceBinding b = binding;
        ModelMeta meta = b != null ? b.metaOrNull(getClass()) : null;
        if (meta == null) {
            try {
                meta = binding().metaOrNull(getClass());
            } catch (OperationalError e) {
                return null;
            }
        }
        return meta == null ? null : meta.pk().get(this);
    }

    /** {@code <Event: 3>}, or {@code <Event>} without a primary key. */
    @Override
    public String toString() {
        Object pk = pkOrNull();
        return pk == null ? "<" + getClass().getSimpleName() + ">" : "<" + getClass().getSimpleName() + ": " + pk + ">";
    }
}
