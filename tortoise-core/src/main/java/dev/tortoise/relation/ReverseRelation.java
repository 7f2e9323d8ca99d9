package dev.tortoise.relation;

import dev.tortoise.exception.NoValuesFetched;
import dev.tortoise.exception.OperationalError;
import dev.tortoise.expression.Q;
import dev.tortoise.internal.model.Instances;
import dev.tortoise.model.Model;
import dev.tortoise.query.QuerySet;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import reactor.core.publisher.Mono;

/**
 * The many side seen from one instance: the reverse side of a foreign key (and the base of
 * {@link ManyToMany}). Queries ({@link #all()}, {@link #filter}, {@link #count()}, subscribing)
 * always run; the list methods ({@link #size()}, {@link #get(int)}, iteration...) read what a
 * fetch loaded and raise NoValuesFetched before one.
 */
public class ReverseRelation<T extends Model> extends AbstractHolder implements Iterable<T>, Publisher<T> {
    private List<T> related;

    public ReverseRelation() {
    }

    /** The related rows as a queryset (runs when subscribed). */
    public QuerySet<T> all() {
        Object pk = Instances.bindingOf(owner()).metaOrNull(owner().getClass()).pk().get(owner());
        if (pk == null) {
            throw new OperationalError("This objects hasn't been instanced, call .save() before calling related "
                    + "queries (" + owner().getClass().getSimpleName() + "." + name() + ")");
        }
        return relations().reverse(owner(), field());
    }

    public QuerySet<T> filter(String key, Object value) {
        return all().filter(key, value);
    }

    public QuerySet<T> filter(Q... conditions) {
        return all().filter(conditions);
    }

    public QuerySet<T> orderBy(String... keys) {
        return all().orderBy(keys);
    }

    public QuerySet<T> limit(int n) {
        return all().limit(n);
    }

    public QuerySet<T> offset(int n) {
        return all().offset(n);
    }

    public Mono<Long> count() {
        return Mono.defer(() -> all().count());
    }

    @Override
    public void subscribe(Subscriber<? super T> s) {
        reactor.core.publisher.Flux.defer(() -> all().flux()).subscribe(s);
    }

    /** Whether a fetch has loaded the related rows. */
    public boolean isFetched() {
        return related != null;
    }

    private List<T> fetched() {
        if (related == null) {
            throw new NoValuesFetched("No values were fetched for this relation, first use .fetch_related() ("
                    + owner().getClass().getSimpleName() + "." + name() + ")");
        }
        return related;
    }

    @Override
    public Object fetchedContent() {
        return related;
    }

    /** The loaded rows (read-only). */
    public List<T> list() {
        return fetched();
    }

    public int size() {
        return fetched().size();
    }

    public T get(int index) {
        return fetched().get(index);
    }

    public boolean contains(Object o) {
        return fetched().contains(o);
    }

    public boolean isEmpty() {
        return fetched().isEmpty();
    }

    @Override
    public Iterator<T> iterator() {
        return fetched().iterator();
    }

    /** Stores rows loaded by the ORM. */
    public void loaded(List<T> rows) {
        this.related = Collections.unmodifiableList(rows);
    }

    @Override
    public String toString() {
        return related == null ? "<" + name() + ": not fetched>" : related.toString();
    }
}
