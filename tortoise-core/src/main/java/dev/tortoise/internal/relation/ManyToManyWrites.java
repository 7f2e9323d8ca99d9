package dev.tortoise.internal.relation;

import static dev.tortoise.internal.relation.RelationJoins.eq;
import static dev.tortoise.internal.relation.RelationJoins.throughRef;

import dev.tortoise.exception.IntegrityError;
import dev.tortoise.exception.LockTimeoutError;
import dev.tortoise.exception.OperationalError;
import dev.tortoise.internal.query.CompiledQuery;
import dev.tortoise.internal.query.Operation;
import dev.tortoise.internal.query.QueryEngine;
import dev.tortoise.internal.query.ResultShape;
import dev.tortoise.model.FieldMeta;
import dev.tortoise.model.Model;
import dev.tortoise.model.ModelMeta;
import dev.tortoise.model.RelationInfo;
import dev.tortoise.sql.ast.Bind;
import dev.tortoise.sql.ast.BindSlots;
import dev.tortoise.sql.ast.Column;
import dev.tortoise.sql.ast.Delete;
import dev.tortoise.sql.ast.Expr;
import dev.tortoise.sql.ast.InList;
import dev.tortoise.sql.ast.Insert;
import dev.tortoise.sql.ast.Junction;
import dev.tortoise.sql.ast.OnConflict;
import dev.tortoise.sql.ast.Select;
import dev.tortoise.sql.ast.SelectItem;
import dev.tortoise.sql.ast.TableRef;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/** Adds, removes and clears the rows of many-to-many join tables for one owner instance. */
final class ManyToManyWrites {
    /** How often an M2M add that lost a race with a concurrent add of the same pair is tried in all. */
    private static final int M2M_ADD_ATTEMPTS = 5;

    private final QueryEngine engine;

    ManyToManyWrites(QueryEngine engine) {
        this.engine = engine;
    }

    /**
     * Links instances through an M2M relation, skipping pairs already present; one INSERT for all
     * new pairs. Concurrent adds of the same pair leave one row and raise nothing: the INSERT skips
     * rows that conflict with the through table's unique pair index (ON CONFLICT DO NOTHING, or a
     * MERGE), and where that is not atomic by itself (H2's MERGE) an add that loses the race is run
     * again and finds the pair present.
     */
    public Mono<Void> m2mAdd(Model owner, FieldMeta relation, List<? extends Model> others) {
        if (others.isEmpty()) {
            return Mono.empty();
        }
        RelationInfo info = relation.relation();
        ModelMeta ownerMeta = relation.model();
        ModelMeta target = info.target();
        Object ownerPk = savedPk(ownerMeta, owner);
        Set<Object> keys = new LinkedHashSet<>();
        for (Model o : others) {
            if (!target.modelClass().isInstance(o)) {
                return Mono.error(new dev.tortoise.exception.ValidationError("Invalid type for relationship field '"
                        + relation.name() + "': expected " + target.name() + ", got " + o.getClass().getSimpleName()));
            }
            keys.add(savedPk(target, o));
        }
        TableRef through = throughRef(ownerMeta, info);
        BindSlots slots = new BindSlots();
        Expr ownerMatch = eq(new Column(info.throughTable(), info.backwardKey()), ownerMeta.pk().bind(slots, ownerPk));
        List<Bind> keyBinds = new ArrayList<>();
        for (Object k : keys) {
            keyBinds.add(target.pk().bind(slots, k));
        }
        Select existing = new Select(false, List.of(new SelectItem(new Column(info.throughTable(), info.forwardKey()),
                null)), through, List.of(), new Junction(true, List.of(ownerMatch, new InList(new Column(
                info.throughTable(), info.forwardKey()), keyBinds, false, keyBinds.get(0).type()))), List.of(), null,
                List.of(), null, null, null);
        CompiledQuery select = new CompiledQuery(slots.bound(existing), ownerMeta, null, Operation.SELECT,
                new ResultShape.Values(List.of(new ResultShape.Slot("key", target.pk(), null)),
                        ResultShape.Values.Kind.FLAT), 0);
        List<String> pair = List.of(info.backwardKey(), info.forwardKey());
        Mono<Void> add = engine.run(select).map(row -> ((List<?>) row).get(0)).collectList().flatMap(present -> {
            List<List<Expr>> rows = new ArrayList<>();
            for (Object k : keys) {
                if (!present.contains(k)) {
                    rows.add(List.of(ownerMeta.pk().bind(ownerPk), target.pk().bind(k)));
                }
            }
            if (rows.isEmpty()) {
                return Mono.empty();
            }
            Insert insert = new Insert(through, pair, rows, List.of(),
                    new OnConflict(List.of(), List.of(), List.of(pair)));
            return engine.run(new CompiledQuery(insert, ownerMeta, null, Operation.INSERT,
                    new ResultShape.RowCount(), 0)).then();
        });
        if (engine.atomicUpserts(ownerMeta, null)) {
            return add;
        }
        // The MERGE looks for the pair, then inserts it: a concurrent add of the same pair can come in
        // between and make it fail with a unique violation. The add then runs again (in a transaction, or a
        // savepoint, so that the failed attempt leaves nothing) and finds the pair present. Under load the
        // losing add may instead wait on the winner's row lock past H2's lock timeout: that is retried too.
        return Mono.defer(() -> engine.atomic(ownerMeta, null, () -> add).then())
                .retryWhen(Retry.max(M2M_ADD_ATTEMPTS - 1).filter(e -> e instanceof IntegrityError || e instanceof LockTimeoutError)
                        .onRetryExhaustedThrow((spec, signal) -> signal.failure()));
    }

    /** Unlinks instances of an M2M relation; OperationalError when none are given. */
    public Mono<Void> m2mRemove(Model owner, FieldMeta relation, List<? extends Model> others) {
        if (others.isEmpty()) {
            return Mono.error(new OperationalError("remove() called on no instances"));
        }
        RelationInfo info = relation.relation();
        ModelMeta ownerMeta = relation.model();
        Object ownerPk = savedPk(ownerMeta, owner);
        BindSlots slots = new BindSlots();
        Expr ownerMatch = eq(new Column(info.throughTable(), info.backwardKey()), ownerMeta.pk().bind(slots, ownerPk));
        List<Bind> keyBinds = new ArrayList<>();
        for (Model o : others) {
            keyBinds.add(info.target().pk().bind(slots, savedPk(info.target(), o)));
        }
        Expr where = new Junction(true, List.of(ownerMatch,
                new InList(new Column(info.throughTable(), info.forwardKey()), keyBinds, false,
                        keyBinds.get(0).type())));
        return engine.run(new CompiledQuery(slots.bound(new Delete(throughRef(ownerMeta, info), where)), ownerMeta,
                null, Operation.DELETE, new ResultShape.RowCount(), 0)).then();
    }

    /** Unlinks every instance of an M2M relation. */
    public Mono<Void> m2mClear(Model owner, FieldMeta relation) {
        RelationInfo info = relation.relation();
        ModelMeta ownerMeta = relation.model();
        Object ownerPk = savedPk(ownerMeta, owner);
        BindSlots slots = new BindSlots();
        Expr where = eq(new Column(info.throughTable(), info.backwardKey()), ownerMeta.pk().bind(slots, ownerPk));
        return engine.run(new CompiledQuery(slots.bound(new Delete(throughRef(ownerMeta, info), where)), ownerMeta,
                null, Operation.DELETE, new ResultShape.RowCount(), 0)).then();
    }

    private static Object savedPk(ModelMeta meta, Model m) {
        Object pk = meta.pk().get(m);
        if (pk == null) {
            throw new OperationalError("You should first call .save() on <" + m.getClass().getSimpleName() + ">");
        }
        return pk;
    }
}
