package dev.tortoise.internal.query;

import dev.tortoise.exception.FieldError;
import dev.tortoise.exception.IncompleteInstanceError;
import dev.tortoise.exception.IntegrityError;
import dev.tortoise.exception.OperationalError;
import dev.tortoise.expression.Expression;
import dev.tortoise.expression.QueryContext;
import dev.tortoise.internal.expression.RelationJoiner;
import dev.tortoise.internal.model.InstanceBinding;
import dev.tortoise.internal.model.Instances;
import dev.tortoise.internal.model.ModelState;
import dev.tortoise.model.FieldMeta;
import dev.tortoise.model.Model;
import dev.tortoise.model.ModelMeta;
import dev.tortoise.model.SaveOptions;
import dev.tortoise.query.QuerySet;
import dev.tortoise.sql.ast.AdvanceGeneratedKey;
import dev.tortoise.sql.ast.Assignment;
import dev.tortoise.sql.ast.BindSlots;
import dev.tortoise.sql.ast.Expr;
import dev.tortoise.sql.ast.Insert;
import dev.tortoise.sql.ast.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Writes single instances: Tortoise's save rules (insert or update, update_fields,
 * force_create/force_update), delete and refresh. Every value is validated before any SQL is sent.
 */
public final class Persistence {
    private final QueryEngine engine;
    private final RelationJoiner joiner;
    private final LifecycleHooks hooks;
    private final InstanceBinding binding;

    /** Each model's statement parts, built on first use (or at init, by {@link #templates}). */
    private final Map<ModelMeta, ModelTemplates> templates = new java.util.concurrent.ConcurrentHashMap<>();

    /** The statement parts of a model's inserts, updates and deletes by primary key, built once. */
    public ModelTemplates templates(ModelMeta meta) {
        ModelTemplates t = templates.get(meta);
        return t != null ? t : templates.computeIfAbsent(meta, ModelTemplates::new);
    }

    public Persistence(QueryEngine engine, RelationJoiner joiner, LifecycleHooks hooks, InstanceBinding binding) {
        this.engine = engine;
        this.joiner = joiner;
        this.hooks = hooks == null ? LifecycleHooks.NONE : hooks;
        this.binding = binding;
    }

    /** Saves an instance by Tortoise's rules. */
    public Mono<Void> save(ModelMeta meta, Model m, SaveOptions o) {
        // Through onAssembly, as the Mono.defer it replaced: debug hooks (onOperatorDebug) see it.
        return new Save<Void>(this, meta, m, o, null, null).assembled();
    }

    /** {@link #save} that emits {@code m} once saved (as {@code save(...).thenReturn(m)}). */
    public <T extends Model> Mono<T> saveReturning(ModelMeta meta, T m, SaveOptions o) {
        return new Save<>(this, meta, m, o, m, null).assembled();
    }

    /**
     * Saves (by {@code o}) the instance {@code build} makes when subscribed and emits it: as
     * {@code Mono.defer(() -> saveReturning(meta, build.get(), o))}, one operator fewer. A throw out
     * of {@code build} is the error.
     */
    public <T extends Model> Mono<T> saveBuilt(ModelMeta meta, java.util.function.Supplier<? extends T> build,
                                               SaveOptions o) {
        return new Save<T>(this, meta, null, o, null, build).assembled();
    }

    /**
     * One save, run when subscribed: pre_save listeners, the statement (and, for an insert, the
     * generated keys read back and the key generator moved past an explicit key), the instance
     * marked saved, post_save listeners, then the instance (or nothing). One subscriber does what a
     * chain of {@code defer}, {@code singleOrEmpty}, {@code doOnNext}, {@code then} and
     * {@code thenReturn} stages did, subscribing to each step in turn; a step without listeners or
     * without a key to move past is skipped.
     */
    private static final class Save<T> extends Mono<T> {
        private final Persistence persistence;
        private final ModelMeta meta;
        private final Model m;
        private final SaveOptions o;
        private final T result;
        /** Makes the instance (saved and emitted) when subscribed; null when it is {@code m}. */
        private final java.util.function.Supplier<? extends T> build;

        Save(Persistence persistence, ModelMeta meta, Model m, SaveOptions o, T result,
             java.util.function.Supplier<? extends T> build) {
            this.persistence = persistence;
            this.meta = meta;
            this.m = m;
            this.o = o;
            this.result = result;
            this.build = build;
        }

        /** This save as {@link Mono#onAssembly} hands it out (itself unless an assembly hook is set). */
        Mono<T> assembled() {
            return onAssembly(this);
        }

        @Override
        public void subscribe(reactor.core.CoreSubscriber<? super T> actual) {
            SaveSteps<T> steps;
            Mono<Void> pre;
            try {
                if (build != null) {
                    T built = build.get();
                    steps = new SaveSteps<>(actual, persistence, meta, (Model) built, o, built);
                } else {
                    steps = new SaveSteps<>(actual, persistence, meta, m, o, result);
                }
                pre = steps.begin();
            } catch (Throwable e) {
                reactor.core.publisher.Operators.error(actual,
                        reactor.core.publisher.Operators.onOperatorError(e, actual.currentContext()));
                return;
            }
            actual.onSubscribe(steps);
            if (pre == Mono.<Void>empty()) {
                // Without pre_save listeners (the shared empty Mono) the values are read now.
                steps.write();
            } else {
                steps.step = SaveSteps.PRE;
                pre.subscribe(steps);
            }
        }
    }

    /** The subscriber of every step of one save, in turn, and the subscription its caller holds. */
    private static final class SaveSteps<T> extends StatementSubscriber.Steps<Object, T> {
        static final int PRE = 0;
        static final int WRITE = 1;
        static final int ADVANCE = 2;
        static final int POST = 3;

        private final Persistence persistence;
        private final ModelMeta meta;
        private final Model m;
        private final SaveOptions o;
        private final T result;
        int step;
        private boolean created;
        private List<String> updateFields;
        /** An insert's generated columns read back into the instance; null when it reads none. */
        List<FieldMeta> keys;
        private Object keyRow;
        private int rows;
        /** The statement moving the key generator past an explicit key; null when there is none. */
        Mono<Void> advance;

        SaveSteps(reactor.core.CoreSubscriber<? super T> actual, Persistence persistence, ModelMeta meta, Model m,
                  SaveOptions o, T result) {
            super(actual);
            this.persistence = persistence;
            this.meta = meta;
            this.m = m;
            this.o = o;
            this.result = result;
        }

        /** Decides insert or update by Tortoise's rules; returns the pre_save listeners' Mono. */
        Mono<Void> begin() {
            ModelState st = Instances.state(m);
            if (st.binding() == null) {
                st.binding(persistence.binding);
            }
            Object pk = meta.pk().get(m);
            boolean insert;
            if (o.forceCreate()) {
                insert = true;
            } else if (o.forceUpdate()) {
                insert = false;
            } else if (st.persisted() || !o.updateFields().isEmpty()) {
                insert = pk == null;
            } else {
                insert = true;
            }
            if (st.partial() && (insert || o.updateFields().isEmpty())) {
                throw new IncompleteInstanceError("Partial Model " + meta.name()
                        + " can only be saved with the list of update_fields (it was loaded with only())");
            }
            updateFields = o.updateFields();
            created = insert;
            return persistence.hooks.preSave(meta, m, updateFields, o.connection());
        }

        /** Builds and runs the statement, once pre_save listeners (which may change the instance) are done. */
        void write() {
            Publisher<?> statement;
            try {
                statement = created ? persistence.insert(meta, m, o.connection(), this)
                        : persistence.update(meta, m, o);
            } catch (Throwable e) {
                fail(reactor.core.publisher.Operators.onOperatorError(e, actual.currentContext()));
                return;
            }
            step = WRITE;
            statement.subscribe(this);
        }

        @Override
        protected void next(Object t) {
            if (step == WRITE && keys != null) {
                if (++rows == 1) {
                    keyRow = t;
                    return;
                }
                // As singleOrEmpty: a second row ends the statement and fails the save.
                upstream.cancel();
                fail(reactor.core.publisher.Operators.onOperatorError(upstream,
                        new IndexOutOfBoundsException("Source emitted more than one item"), t, actual.currentContext()));
                return;
            }
            reactor.core.publisher.Operators.onDiscard(t, actual.currentContext());
        }

        @Override
        protected void completed() {
            if (isCancelled()) {
                return;
            }
            switch (step) {
                case PRE -> write();
                case WRITE -> {
                    if (keyRow != null) {
                        Object[] values = (Object[]) keyRow;
                        keyRow = null;
                        try {
                            for (int i = 0; i < keys.size(); i++) {
                                keys.get(i).set(m, values[i]);
                            }
                        } catch (Throwable e) {
                            fail(reactor.core.publisher.Operators.onOperatorError(upstream, e, values,
                                    actual.currentContext()));
                            return;
                        }
                    }
                    if (advance != null) {
                        step = ADVANCE;
                        advance.subscribe(this);
                    } else {
                        saved();
                    }
                }
                case ADVANCE -> saved();
                default -> finish();
            }
        }

        /** Marks the instance saved and runs the post_save listeners. */
        private void saved() {
            Mono<Void> post;
            try {
                Instances.state(m).saved(true);
                post = persistence.hooks.postSave(meta, m, created, updateFields, o.connection());
            } catch (Throwable e) {
                fail(reactor.core.publisher.Operators.onOperatorError(e, actual.currentContext()));
                return;
            }
            if (post == Mono.<Void>empty()) {
                finish();
            } else {
                step = POST;
                post.subscribe(this);
            }
        }

        private void finish() {
            done = true;
            if (result != null) {
                complete(result);
            } else {
                actual.onComplete();
            }
        }

        @Override
        protected void discard(T v) {
            // The saved instance, handed on but not yet requested: thenReturn's value, which nothing discards.
        }
    }

    /**
     * Builds an insert of {@code m} and returns its statement; the generated keys it reads back and
     * the statement that moves the key generator past an explicit key are left on {@code steps}.
     */
    private Publisher<?> insert(ModelMeta meta, Model m, String connection, SaveSteps<?> steps) {
        ModelState pendingState = Instances.state(m);
        if (pendingState.hasPending()) {
            throw new OperationalError("Can't insert " + meta.name() + " with expressions for "
                    + pendingState.pending().keySet() + ": an expression refers to the stored row, so save the "
                    + "instance first and then update those fields");
        }
        for (FieldMeta f : meta.columnFields()) {
            if (f.get(m) == null && f.hasDefault()) {
                f.set(m, f.defaultValue());
            }
            if (f.autoNowAdd() && (f.autoNow() || f.get(m) == null)) {
                f.set(m, now(f));
            }
        }
        int width = meta.columnFields().size();
        // The driver values of the columns given, in column order: a template's slots.
        Object[] values = new Object[width];
        int given = 0;
        List<FieldMeta> returning = new ArrayList<>(1);
        for (FieldMeta f : meta.columnFields()) {
            Object v = f.get(m);
            if (v == null && f.generated()) {
                returning.add(f);
                continue;
            }
            f.validate(v);
            values[given++] = ModelTemplates.dbValue(f, v);
        }
        ModelTemplates templates = templates(meta);
        // Every generated key left to the database, or none: a template; some but not all: built here.
        Statement ins = returning.size() == templates.generatedCount()
                ? templates.insertGenerated(given == width ? values : java.util.Arrays.copyOf(values, given))
                : returning.isEmpty() ? templates.insertAll(values) : null;
        if (ins == null) {
            ins = insertStatement(meta, m, templates, returning);
        }
        Mono<Void> advance = advanceGeneratedKey(meta, m, connection);
        // Without a key to move the generator past (the usual case, the shared empty Mono), nothing waits for one.
        steps.advance = advance == Mono.<Void>empty() ? null : advance;
        if (returning.isEmpty()) {
            return engine.run(new CompiledQuery(ins, meta, connection, Operation.INSERT,
                    new ResultShape.RowCount(), 0));
        }
        // Every generated column read back (the usual case): the model's one shape of them, same fields in the same order.
        ResultShape.Returning shape = returning.size() == templates.generatedCount() ? templates.generatedShape()
                : new ResultShape.Returning(returning);
        steps.keys = shape.fields();
        return engine.run(new CompiledQuery(ins, meta, connection, Operation.INSERT, shape, 0));
    }

    /** The insert of {@code m} built as a tree, for the rows no template covers. */
    private static Statement insertStatement(ModelMeta meta, Model m, ModelTemplates templates,
                                          List<FieldMeta> returning) {
        int width = meta.columnFields().size();
        List<String> columns = new ArrayList<>(width);
        List<Expr> row = new ArrayList<>(width);
        BindSlots slots = new BindSlots();
        for (FieldMeta f : meta.columnFields()) {
            Object v = f.get(m);
            if (v == null && f.generated()) {
                continue;
            }
            columns.add(f.column());
            row.add(f.bind(slots, v));
        }
        List<String> returningCols = returning.isEmpty() ? List.of() : new ArrayList<>(returning.size());
        for (FieldMeta f : returning) {
            returningCols.add(f.column());
        }
        return slots.bound(templates.insert(columns, row, returningCols));
    }

    /**
     * After an insert with an explicit value for a database-generated integer key, moves the key's
     * generator past it where the database does not (PostgreSQL sequences, H2 identities), so that
     * the next generated key does not collide with it.
     */
    private Mono<Void> advanceGeneratedKey(ModelMeta meta, Model m, String connection) {
        FieldMeta pk = meta.pk();
        if (!pk.generated() || !(pk.get(m) instanceof Number n) || n instanceof java.math.BigDecimal
                || !engine.advancesGeneratedKeys(meta, connection)) {
            return Mono.empty();
        }
        return engine.run(new CompiledQuery(new AdvanceGeneratedKey(meta.tableRef(), pk.column(), n.longValue()), meta,
                connection, Operation.INSERT, new ResultShape.RowCount(), 0)).then();
    }

    private Mono<Void> update(ModelMeta meta, Model m, SaveOptions o) {
        Object pk = meta.pk().get(m);
        if (pk == null) {
            throw new OperationalError("Can't update unpersisted record of " + meta.name());
        }
        ModelTemplates templates = templates(meta);
        List<FieldMeta> fields = o.updateFields().isEmpty() ? templates.updateFields()
                : templates.namedUpdateFields(o.updateFields());
        if (fields == null) {
            fields = new ArrayList<>();
            Set<FieldMeta> seen = new LinkedHashSet<>();
            for (String name : o.updateFields()) {
                FieldMeta f = meta.field(name);
                if (!f.hasColumn()) {
                    if (f.relation() != null && f.relation().keyField() != null) {
                        f = f.relation().keyField();
                    } else {
                        throw new FieldError("Field " + name + " of " + meta.name() + " is virtual and can't be "
                                + "updated");
                    }
                }
                seen.add(f);
            }
            fields.addAll(seen);
            fields = templates.rememberNamedUpdateFields(o.updateFields(), fields);
        }
        ModelState st = Instances.state(m);
        if (!st.hasPending() && !fields.isEmpty()) {
            // No expression to write: the template of these fields, filled with the values alone.
            Object[] values = new Object[fields.size() + 1];
            for (int i = 0; i < fields.size(); i++) {
                FieldMeta f = fields.get(i);
                if (f.autoNow() || f.autoNowAdd() && f.get(m) == null) {
                    f.set(m, now(f));
                }
                Object v = f.get(m);
                f.validate(v);
                values[i] = ModelTemplates.dbValue(f, v);
            }
            values[fields.size()] = ModelTemplates.dbValue(meta.pk(), pk);
            Statement update = templates.update(fields, values);
            if (update != null) {
                return runUpdate(update, meta, o, pk);
            }
        }
        QueryContext ctx = null;
        // Values bound beside the tree (the expressions' and the fields'), so that its shape is cached whole.
        BindSlots slots = new BindSlots();
        List<Assignment> sets = new ArrayList<>();
        for (FieldMeta f : fields) {
            // As Tortoise's to_db_value: auto_now always, auto_now_add when still empty (an instance built
            // with a known key and saved with force_update has never been loaded).
            if (f.autoNow() || (f.autoNowAdd() && f.get(m) == null && !(st.hasPending() && st.pending().containsKey(f.name())))) {
                f.set(m, now(f));
            }
            Object pending = st.hasPending() ? st.pending().get(f.name()) : null;
            if (pending instanceof Expression e) {
                if (ctx == null) {
                    ctx = QueryAccess.queryContext(meta, joiner, slots);
                }
                sets.add(new Assignment(f.column(), e.resolve(ctx).sql()));
                continue;
            }
            Object v = f.get(m);
            f.validate(v);
            sets.add(new Assignment(f.column(), f.bind(slots, v)));
        }
        if (sets.isEmpty()) {
            return Mono.empty();
        }
        return runUpdate(slots.bound(templates.update(sets, pk, slots)), meta, o, pk);
    }

    private Mono<Void> runUpdate(Statement update, ModelMeta meta, SaveOptions o, Object pk) {
        Flux<Object> count = engine.run(new CompiledQuery(update, meta, o.connection(), Operation.UPDATE,
                new ResultShape.RowCount(), 0));
        if (!o.forceUpdate()) {
            // The count (one value) matters only to force_update.
            return count.then();
        }
        return count.singleOrEmpty().flatMap(n -> {
                    if (((Long) n) == 0) {
                        return Mono.error(new IntegrityError("Can't update object that doesn't exist. PK: " + pk));
                    }
                    return Mono.empty();
                });
    }

    private static Object now(FieldMeta f) {
        return f.type().now();
    }

    /** Deletes an instance's row. */
    public Mono<Void> delete(ModelMeta meta, Model m, String connection) {
        // Through onAssembly, as the Mono.defer it replaced: debug hooks (onOperatorDebug) see it.
        return new Delete(this, meta, m, connection).assembled();
    }

    /**
     * One delete by primary key, run when subscribed: pre_delete listeners, the statement, then
     * post_delete listeners, in one subscriber instead of {@code defer}, {@code then},
     * {@code then(defer)} and the statement's {@code then}; a step without listeners is skipped.
     */
    private static final class Delete extends Mono<Void> {
        private final Persistence persistence;
        private final ModelMeta meta;
        private final Model m;
        private final String connection;

        Delete(Persistence persistence, ModelMeta meta, Model m, String connection) {
            this.persistence = persistence;
            this.meta = meta;
            this.m = m;
            this.connection = connection;
        }

        /** This delete as {@link Mono#onAssembly} hands it out (itself unless an assembly hook is set). */
        Mono<Void> assembled() {
            return onAssembly(this);
        }

        @Override
        public void subscribe(reactor.core.CoreSubscriber<? super Void> actual) {
            Statement delete;
            Mono<Void> pre;
            try {
                Object pk = meta.pk().get(m);
                if (pk == null) {
                    throw new OperationalError("Can't delete unpersisted record");
                }
                delete = persistence.templates(meta).deleteByPk(pk);
                pre = java.util.Objects.requireNonNull(persistence.hooks.preDelete(meta, m, connection),
                        "The Mono returned by the supplier is null");
            } catch (Throwable e) {
                reactor.core.publisher.Operators.error(actual,
                        reactor.core.publisher.Operators.onOperatorError(e, actual.currentContext()));
                return;
            }
            DeleteSteps steps = new DeleteSteps(actual, persistence, meta, m, connection, delete);
            actual.onSubscribe(steps);
            if (pre == Mono.<Void>empty()) {
                steps.write();
            } else {
                steps.step = DeleteSteps.PRE;
                pre.subscribe(steps);
            }
        }
    }

    /** The subscriber of every step of one delete, in turn, and the subscription its caller holds. */
    private static final class DeleteSteps extends StatementSubscriber.Steps<Object, Void> {
        static final int PRE = 0;
        static final int WRITE = 1;
        static final int POST = 2;

        private final Persistence persistence;
        private final ModelMeta meta;
        private final Model m;
        private final String connection;
        private final Statement delete;
        int step;

        DeleteSteps(reactor.core.CoreSubscriber<? super Void> actual, Persistence persistence, ModelMeta meta,
                    Model m, String connection, Statement delete) {
            super(actual);
            this.persistence = persistence;
            this.meta = meta;
            this.m = m;
            this.connection = connection;
            this.delete = delete;
        }

        /** Runs the statement, once pre_delete listeners are done (or at once without them). */
        void write() {
            Publisher<?> statement;
            try {
                statement = persistence.engine.run(new CompiledQuery(delete, meta, connection, Operation.DELETE,
                        new ResultShape.RowCount(), 0));
            } catch (Throwable e) {
                fail(reactor.core.publisher.Operators.onOperatorError(e, actual.currentContext()));
                return;
            }
            step = WRITE;
            statement.subscribe(this);
        }

        @Override
        protected void next(Object t) {
            // The row count, which then() ignored.
            reactor.core.publisher.Operators.onDiscard(t, actual.currentContext());
        }

        @Override
        protected void completed() {
            if (isCancelled()) {
                return;
            }
            if (step == PRE) {
                write();
            } else if (step == WRITE) {
                Mono<Void> post;
                try {
                    post = java.util.Objects.requireNonNull(persistence.hooks.postDelete(meta, m, connection),
                            "The Mono returned by the supplier is null");
                } catch (Throwable e) {
                    fail(reactor.core.publisher.Operators.onOperatorError(e, actual.currentContext()));
                    return;
                }
                if (post == Mono.<Void>empty()) {
                    finish();
                } else {
                    step = POST;
                    post.subscribe(this);
                }
            } else {
                finish();
            }
        }

        private void finish() {
            done = true;
            actual.onComplete();
        }
    }

    /** Reloads fields (all when none are given) of an instance; DoesNotExist when its row is gone. */
    public Mono<Void> refresh(ModelMeta meta, Model m, List<String> fields) {
        return Mono.defer(() -> {
            Object pk = meta.pk().get(m);
            if (pk == null) {
                throw new OperationalError("Can't refresh unpersisted record");
            }
            QuerySet<Model> qs = new QuerySet<>(QueryAccess.initialState(engine, joiner, meta));
            qs = qs.filter("pk", pk);
            List<FieldMeta> targets = new ArrayList<>();
            if (fields.isEmpty()) {
                targets.addAll(meta.columnFields());
            } else {
                for (String name : fields) {
                    FieldMeta f = meta.field(name);
                    targets.add(f.hasColumn() ? f : f.relation().keyField());
                }
                qs = qs.only(targets.stream().map(FieldMeta::name).toArray(String[]::new));
            }
            return qs.get().doOnNext(fresh -> {
                ModelState st = Instances.state(m);
                for (FieldMeta f : targets) {
                    f.set(m, f.get(fresh));
                    if (st.hasPending()) {
                        st.pending().remove(f.name());
                    }
                }
                if (!st.partial() || fields.isEmpty()) {
                    st.loadedFields(null);
                }
                st.saved(true);
            }).then();
        });
    }
}
