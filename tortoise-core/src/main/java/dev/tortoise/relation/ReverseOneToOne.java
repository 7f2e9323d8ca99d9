package dev.tortoise.relation;

import dev.tortoise.exception.NoValuesFetched;
import dev.tortoise.model.Model;
import reactor.core.publisher.Mono;

/** The reverse side of a one-to-one key: at most one related instance. */
public class ReverseOneToOne<T extends Model> extends AbstractHolder {
    private T value;
    private boolean fetched;

    public ReverseOneToOne() {
    }

    public boolean isFetched() {
        return fetched;
    }

    /** The related instance (null when there is none) once fetched; NoValuesFetched before. */
    public T get() {
        if (!fetched) {
            throw new NoValuesFetched("No values were fetched for this relation, first use .fetch_related() ("
                    + owner().getClass().getSimpleName() + "." + name() + ")");
        }
        return value;
    }

    /** The related instance, loaded now when not fetched; empty when there is none. */
    public Mono<T> fetch() {
        return Mono.defer(() -> fetched ? Mono.justOrEmpty(value)
                : relations().<T>reverse(owner(), field()).first().doOnNext(this::loaded));
    }

    /** Stores the instance loaded by the ORM (null for none). */
    public void loaded(T instance) {
        this.value = instance;
        this.fetched = true;
    }
}
