package dev.tortoise.relation;

import dev.tortoise.exception.NoValuesFetched;
import dev.tortoise.exception.OperationalError;
import dev.tortoise.model.Model;
import reactor.core.publisher.Mono;

/**
 * The forward side of a foreign key: holds the key ({@link #id()}, never a query) and, once
 * fetched (select_related, prefetch_related, fetchRelated or {@link #fetch()}), the related
 * instance ({@link #get()}).
 */
public class ForeignKey<T extends Model> extends KeyedHolder {
    private Object id;
    private T value;
    private boolean fetched;

    public ForeignKey() {
    }

    /** The key of the related row (the {@code <name>_id} column), or null; never runs a query. */
    public Object id() {
        return id;
    }

    /** Sets the key; a previously fetched instance is forgotten when the key changes. */
    public void setId(Object newId) {
        if (newId instanceof Model m) {
            set(castModel(m));
            return;
        }
        if (fetched && value != null && java.util.Objects.equals(referencedKey(value), newId)) {
            return;
        }
        this.id = newId;
        this.value = null;
        this.fetched = newId == null;
    }

    /** The value of the field the key refers to (the primary key unless to_field says otherwise). */
    private Object referencedKey(Model instance) {
        return field().relation().toField().get(instance);
    }

    @SuppressWarnings("unchecked")
    private T castModel(Model m) {
        return (T) m;
    }

    /** Points the relation at a saved instance (OperationalError for an unsaved one), or at nothing (null). */
    public void set(T instance) {
        if (instance == null) {
            this.id = null;
            this.value = null;
            this.fetched = true;
            return;
        }
        adoptBinding(instance);
        Object pk = referencedKey(instance);
        if (pk == null) {
            throw new OperationalError("You should first call .save() on <" + instance.getClass().getSimpleName() + ">"
                    + " before referring to it");
        }
        this.id = pk;
        this.value = instance;
        this.fetched = true;
    }

    /** Whether the related instance is loaded (a null key counts as loaded: there is nothing to load). */
    public boolean isFetched() {
        return fetched || id == null;
    }

    @Override
    public Object fetchedContent() {
        return id != null && fetched ? value : null;
    }

    /** The related instance once fetched, or null when the key is null; NoValuesFetched before a fetch. */
    public T get() {
        if (id == null) {
            return null;
        }
        if (!fetched) {
            throw new NoValuesFetched("No values were fetched for this relation, first use .fetch_related() ("
                    + owner().getClass().getSimpleName() + "." + name() + ")");
        }
        return value;
    }

    /** The related instance: the fetched one, or loaded now (and kept); empty when the key is null. */
    public Mono<T> fetch() {
        return Mono.defer(() -> {
            if (id == null) {
                return Mono.empty();
            }
            if (fetched && value != null) {
                return Mono.just(value);
            }
            return relations().<T>forward(owner(), field()).doOnNext(this::loaded);
        });
    }

    @Override
    public Object keyValue() {
        return id;
    }

    @Override
    public void keyValue(Object key) {
        setId(key);
    }

    @Override
    @SuppressWarnings("unchecked")
    public void assign(Object instanceOrNull) {
        set((T) instanceOrNull);
    }

    /** Stores an instance loaded by the ORM (select_related or prefetch); null for none. */
    public void loaded(T instance) {
        this.value = instance;
        this.fetched = true;
    }

    @Override
    public String toString() {
        return fetched && value != null ? value.toString() : "<" + name() + "_id=" + id + ">";
    }
}
