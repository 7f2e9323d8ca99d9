package dev.tortoise.relation;

import dev.tortoise.model.Model;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * A many-to-many relation seen from one instance: everything {@link ReverseRelation} offers,
 * plus {@link #add}, {@link #remove} and {@link #clear} of join rows.
 */
public class ManyToMany<T extends Model> extends ReverseRelation<T> {
    public ManyToMany() {
    }

    /** Links the given saved instances (pairs already present are skipped) in one round trip; none given is a no-op. */
    @SafeVarargs
    public final Mono<Void> add(T... instances) {
        return add(Arrays.asList(instances));
    }

    public Mono<Void> add(Collection<? extends T> instances) {
        List<? extends T> list = List.copyOf(instances);
        return Mono.defer(() -> relations().m2mAdd(owner(), field(), list));
    }

    /** Unlinks the given instances; none given is an OperationalError. */
    @SafeVarargs
    public final Mono<Void> remove(T... instances) {
        return remove(Arrays.asList(instances));
    }

    public Mono<Void> remove(Collection<? extends T> instances) {
        List<? extends T> list = List.copyOf(instances);
        return Mono.defer(() -> relations().m2mRemove(owner(), field(), list));
    }

    /** Unlinks every related instance. */
    public Mono<Void> clear() {
        return Mono.defer(() -> relations().m2mClear(owner(), field()));
    }
}
