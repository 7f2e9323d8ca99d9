package dev.tortoise.query;

import dev.tortoise.exception.FieldError;
import dev.tortoise.exception.IntegrityError;
import dev.tortoise.exception.ParamsError;
import dev.tortoise.expression.Expression;
import dev.tortoise.expression.Q;
import dev.tortoise.expression.QueryContext;
import dev.tortoise.expression.Resolved;
import dev.tortoise.internal.expression.ExpressionAccess;
import dev.tortoise.internal.expression.InListFilter;
import dev.tortoise.internal.expression.RelationJoiner;
import dev.tortoise.internal.expression.SubquerySource;
import dev.tortoise.internal.expression.ValueFilter;
import dev.tortoise.internal.query.CompiledQuery;
import dev.tortoise.internal.query.Operation;
import dev.tortoise.internal.query.ResultShape;
import dev.tortoise.model.FieldKind;
import dev.tortoise.model.FieldMeta;
import dev.tortoise.model.Model;
import dev.tortoise.model.ModelMeta;
import dev.tortoise.sql.ast.Aggregate;
import dev.tortoise.sql.ast.AliasRef;
import dev.tortoise.sql.ast.Assignment;
import dev.tortoise.sql.ast.Bind;
import dev.tortoise.sql.ast.BindSlots;
import dev.tortoise.sql.ast.BindValues;
import dev.tortoise.sql.ast.Column;
import dev.tortoise.sql.ast.Delete;
import dev.tortoise.sql.ast.Expr;
import dev.tortoise.sql.ast.InSubquery;
import dev.tortoise.sql.ast.Junction;
import dev.tortoise.sql.ast.OrderItem;
import dev.tortoise.sql.ast.Select;
import dev.tortoise.sql.ast.SelectItem;
import dev.tortoise.sql.ast.StatementTemplate;
import dev.tortoise.sql.ast.TableRef;
import dev.tortoise.sql.ast.Update;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Compiles a queryset's state to SQL trees: model selects, values, count, exists, update and delete. */
final class SelectCompiler {
    /** How the querysets and values queries used as subqueries compile, for every context this layer makes. */
    static final SubquerySource SUBQUERIES = (query, slots) -> query instanceof QuerySet<?> qs
            ? qs.compileSubquery(slots) : query instanceof ValuesQuery<?> v ? v.compileSubquery(slots) : null;

    private final QueryState s;
    private final ModelMeta meta;
    private final QueryContext ctx;
    /** The values of the statement being compiled, bound beside its tree (see {@link BindSlots}). */
    private final BindSlots slots;
    private final List<Expr> where = new ArrayList<>();
    private final List<Expr> having = new ArrayList<>();
    /**
     * Whether the statement is to be kept in the state's {@link CompiledShapes}: its tree bound as a kept
     * template (not a one-off), with what {@link #entry} records of how its slots were filled.
     */
    private boolean keep;
    /** Each filter as compiled, when kept. */
    private List<QueryContext.Split> splits;
    /** The joins the filters added, when kept. */
    private List<dev.tortoise.sql.ast.Join> filterJoins;
    /** The slots filled by the filters: {@code [0, filterEnd)}. */
    private int filterEnd;
    /** The end of the slots filled by the annotations, after the filters'. */
    private int fixedEnd;
    /**
     * When kept and its runs resolve the annotations again (see {@link CompiledShapes#rebinds}): the annotations
     * as resolved, and the joins of the filters and annotations.
     */
    private List<Resolved> annotations;
    private List<dev.tortoise.sql.ast.Join> annotationJoins;
    /** An update's assignments as compiled, and the end of their slots (they start at {@link #fixedEnd}). */
    private List<Assignment> sets;
    private int setsEnd;
    /** When kept and every filter is a key list so far: their slots (see {@link CompiledShapes.Entry#keyLists}). */
    private List<CompiledShapes.KeyList> keyLists;
    /** The slots of the limit and offset (-1: none). */
    private int limitSlot = -1;
    private int offsetSlot = -1;

    SelectCompiler(QueryState state) {
        this(state, null);
    }

    /**
     * A compiler of {@code state} whose values go to {@code slots} (a subquery's: the outer statement's
     * collector, so that its slots number on from the outer ones), or to a collector of its own (null).
     */
    SelectCompiler(QueryState state, BindSlots slots) {
        this(state, slots, false);
    }

    private SelectCompiler(QueryState state, BindSlots slots, boolean keep) {
        this.s = state;
        this.meta = state.meta;
        this.slots = slots == null ? new BindSlots() : slots;
        this.ctx = ExpressionAccess.queryContext(meta, state.annotations, state.joiner, SUBQUERIES, this.slots);
        this.keep = keep;
        if (keep) {
            splits = new ArrayList<>(state.filters.size());
        }
        if (keep) {
            keyLists = new ArrayList<>(state.filters.size());
        }
        for (Q q : state.filters) {
            int start = this.slots.size();
            if (keyLists != null) {
                ExpressionAccess.takeInList(ctx);
                ExpressionAccess.takeValue(ctx);
            }
            QueryContext.Split split = ctx.compileSplit(q);
            if (keep) {
                splits.add(split);
            }
            if (keyLists != null) {
                CompiledShapes.KeyList k = keyList(q, split, start, ExpressionAccess.takeInList(ctx),
                        ExpressionAccess.takeValue(ctx));
                if (k == null) {
                    keyLists = null;
                } else {
                    keyLists.add(k);
                }
            }
            if (split.where() != null) {
                where.add(split.where());
            }
            if (split.having() != null) {
                having.add(split.having());
            }
        }
        filterEnd = this.slots.size();
        if (keep) {
            filterJoins = ctx.joins();
        }
        // Resolve every annotation now so that errors surface before any statement is sent.
        List<Resolved> resolved = keep && !state.annotations.isEmpty() ? new ArrayList<>() : null;
        for (String name : ctx.annotationNames()) {
            Resolved r = ctx.annotation(name);
            if (resolved != null) {
                resolved.add(r);
            }
        }
        fixedEnd = this.slots.size();
        if (resolved != null && (fixedEnd > filterEnd || CompiledShapes.rebinds(state.annotations))) {
            annotations = List.copyOf(resolved);
            annotationJoins = ctx.joins();
        }
    }

    /**
     * The key list {@code q} compiled to, when it is one {@code field__in} filter whose split is exactly the IN list
     * {@code hit} of its own list value, bound to the consecutive slots from {@code start}, or one single-value
     * comparison whose split is exactly {@code value}'s, of its own value, bound to the slot {@code start}; else null.
     */
    private CompiledShapes.KeyList keyList(Q q, QueryContext.Split split, int start, InListFilter hit,
                                           ValueFilter value) {
        if (hit == null) {
            return valueKey(q, split, start, value);
        }
        if (q.isNegated() || q.children().size() != 1
                || !(q.children().get(0) instanceof Q.Filter f) || f.value() != hit.value()
                || !(f.value() instanceof java.util.Collection<?> c) || split.where() != hit.in()
                || split.having() != null) {
            return null;
        }
        List<Bind> binds = hit.in().values();
        if (binds.size() != c.size() || slots.size() - start != binds.size()) {
            return null;
        }
        for (int i = 0; i < binds.size(); i++) {
            if (binds.get(i).slot() != start + i) {
                return null;
            }
        }
        return new CompiledShapes.KeyList(hit.field(), start, binds.size(), true);
    }

    /** {@link #keyList}'s single-value comparison: its one slot, or null when {@code q} compiled to anything else. */
    private CompiledShapes.KeyList valueKey(Q q, QueryContext.Split split, int start, ValueFilter hit) {
        if (hit == null || q.isNegated() || q.children().size() != 1
                || !(q.children().get(0) instanceof Q.Filter f) || f.value() != hit.value()
                || f.value() instanceof java.util.Collection<?> || split.where() != hit.compiled()
                || split.having() != null || hit.bind().slot() != start || slots.size() - start != 1) {
            return null;
        }
        return new CompiledShapes.KeyList(hit.field(), start, 1, false);
    }

    QueryContext context() {
        return ctx;
    }

    private Expr whereExpr() {
        return where.isEmpty() ? null : (where.size() == 1 ? where.get(0) : new Junction(true, where));
    }

    private Expr havingExpr() {
        return having.isEmpty() ? null : (having.size() == 1 ? having.get(0) : new Junction(true, having));
    }

    private boolean hasAggregateAnnotation() {
        for (String name : ctx.annotationNames()) {
            if (ctx.annotation(name).aggregate()) {
                return true;
            }
        }
        return false;
    }

    private TableRef from() {
        return meta.tableRef().as(ctx.rootAlias());
    }

    private Bind limitBind() {
        if (s.limit == null) {
            return null;
        }
        Bind b = slots.add(s.limit.longValue(), Long.class, null);
        // A second limit bind would not be refilled on a replay: not kept then.
        keep &= limitSlot < 0;
        limitSlot = b.slot();
        return b;
    }

    private Bind offsetBind() {
        if (s.offset == null) {
            return null;
        }
        Bind b = slots.add(s.offset.longValue(), Long.class, null);
        keep &= offsetSlot < 0;
        offsetSlot = b.slot();
        return b;
    }

    /**
     * {@code statement} with the values bound so far (see {@link BindSlots#bound}); when it is to be kept
     * and can be run again with other values, as a kept template (whose text the renderer keeps on it).
     */
    private dev.tortoise.sql.ast.Statement bound(dev.tortoise.sql.ast.Statement statement) {
        if (keep && keepableValues() && BindValues.onlySlots(statement)) {
            return new StatementTemplate(statement, slots.size()).bind(slots.values());
        }
        keep = false;
        return slots.bound(statement);
    }

    // ------------------------------------------------------------------ compiled once per shape

    /**
     * Whether the values bound so far may be kept with the shape (its template keeps the values of its first
     * compile): not more than {@link CompiledShapes#MAX_SLOTS}, and not more than {@link CompiledShapes#LARGE_VALUE}
     * characters or bytes of text and binary values together, so that a model's kept shapes hold at most a few
     * hundred KB of an application's values.
     */
    private boolean keepableValues() {
        int n = slots.size();
        if (n > CompiledShapes.MAX_SLOTS) {
            return false;
        }
        long size = 0;
        for (int i = 0; i < n; i++) {
            Object v = slots.value(i);
            if (v instanceof CharSequence c) {
                size += c.length();
            } else if (v instanceof byte[] b) {
                size += b.length;
            } else if (v instanceof java.nio.ByteBuffer bb) {
                size += bb.remaining();
            }
            if (size > CompiledShapes.LARGE_VALUE) {
                return false;
            }
        }
        return true;
    }

    /** The instances' statement of {@code state}, from its shape's compile when there is one. */
    static CompiledQuery compileModels(QueryState state) {
        return compile(state, Operation.SELECT, null, null);
    }

    /** The statement of {@code op} (SELECT, VALUES, COUNT, EXISTS, UPDATE or DELETE) over {@code state}. */
    static CompiledQuery compile(QueryState state, Operation op, Map<String, ?> args, ResultShape.Values.Kind kind) {
        CompiledShapes shapes = state.shapes;
        if (shapes == null) {
            CompiledShapes.countWholeCompile();
            return compileWith(new SelectCompiler(state), op, args, kind);
        }
        CompiledShapes.Key key = new CompiledShapes.Key(state, op, args, kind);
        CompiledShapes.Entry entry = shapes.get(key);
        if (entry != null) {
            CompiledQuery q = replay(entry, state, op == Operation.UPDATE ? args : null, shapes);
            if (q != null) {
                shapes.countReplay();
                return q;
            }
            CompiledShapes.countWholeCompile();
            // A shape the key does not tell apart from the kept one: compiled as without the cache.
            shapes.countCompile();
            return compileWith(new SelectCompiler(state), op, args, kind);
        }
        shapes.countCompile();
        CompiledShapes.countWholeCompile();
        SelectCompiler c = new SelectCompiler(state, null, keepable(state, op == Operation.UPDATE ? args : null));
        CompiledQuery q = compileWith(c, op, args, kind);
        CompiledShapes.Entry e = c.entry(q);
        if (e != null) {
            // Kept with the kinds of its filter and update values, not the caller's objects (nor the update's map,
            // which may change after the run).
            shapes.put(key.kept(), e);
        }
        return q;
    }

    /** The statement of {@code op} compiled whole by {@code c}. */
    @SuppressWarnings("unchecked")
    static CompiledQuery compileWith(SelectCompiler c, Operation op, Map<String, ?> args,
                                             ResultShape.Values.Kind kind) {
        return switch (op) {
            case SELECT -> c.models();
            case VALUES -> c.values((Map<String, String>) args, kind);
            case COUNT -> c.count();
            case EXISTS -> c.exists();
            case UPDATE -> c.update(args);
            case DELETE -> c.delete();
            default -> throw new IllegalArgumentException("Not a queryset statement: " + op);
        };
    }

    /**
     * Whether the statements of {@code state} can be kept and run again with other values by compiling
     * the filters (and update values) alone: not when a filter or an update value can resolve an annotation,
     * whose slots would then fall between the filters' or be numbered otherwise.
     */
    private static boolean keepable(QueryState state, Map<String, ?> updates) {
        if (state.annotations.isEmpty()) {
            return true;
        }
        for (Q q : state.filters) {
            if (touchesAnnotations(q, state.annotations)) {
                return false;
            }
        }
        if (updates != null) {
            for (Object v : updates.values()) {
                if (v instanceof Expression) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean touchesAnnotations(Q q, Map<String, Expression> annotations) {
        for (Object child : q.children()) {
            if (child instanceof Q nested) {
                if (touchesAnnotations(nested, annotations)) {
                    return true;
                }
            } else {
                Q.Filter f = (Q.Filter) child;
                if (f.value() instanceof Expression) {
                    return true;
                }
                Expression a = annotations.get(dev.tortoise.internal.model.LookupPath.head(f.key()));
                if (a != null && !(a instanceof dev.tortoise.internal.expression.SlotFreeExpression)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** What the state's shape cache keeps of {@code q}, compiled by this compiler; null when not to be kept. */
    private CompiledShapes.Entry entry(CompiledQuery q) {
        if (!keep || !(q.statement() instanceof dev.tortoise.sql.ast.BoundStatement b) || b.template().isOneOff()) {
            return null;
        }
        // The slots every run fills with its own values (filters, annotations resolved again, an update's values,
        // limit and offset) are kept empty, so that a kept shape holds none of this run's values (a prefetch's
        // keys, the instances a filter compared with) for the runtime's life; the others hold constants.
        Object[] kept = b.values().clone();
        java.util.Arrays.fill(kept, 0, annotations != null ? fixedEnd : filterEnd, null);
        if (sets != null) {
            java.util.Arrays.fill(kept, fixedEnd, setsEnd, null);
        }
        if (limitSlot >= 0) {
            kept[limitSlot] = null;
        }
        if (offsetSlot >= 0) {
            kept[offsetSlot] = null;
        }
        CompiledQuery template = new CompiledQuery(b.template().bind(kept), q.model(), q.connection(), q.operation(),
                q.shape(), q.fetchSize(), q.timeout());
        return new CompiledShapes.Entry(template, kept, List.copyOf(splits), filterJoins, filterEnd, fixedEnd,
                sets, setsEnd, limitSlot, offsetSlot, annotations, annotationJoins,
                keyLists == null ? null : List.copyOf(keyLists));
    }

    /**
     * {@code entry}'s statement with the values of {@code state}: its filters (and {@code updates}) compiled
     * again to fill their slots, the limit and offset put in theirs, every other slot as compiled; null when
     * the filters or updates compile to another shape than the kept one (then the SQL differs).
     */
    private static CompiledQuery replay(CompiledShapes.Entry entry, QueryState state, Map<String, ?> updates,
                                        CompiledShapes shapes) {
        if (entry.keyLists() != null && entry.annotations() == null && entry.sets() == null) {
            Object[] values = keyListValues(entry, state.filters);
            if (values != null) {
                return bindKept(entry, state, values);
            }
        }
        shapes.countCompile();
        BindSlots slots = new BindSlots();
        QueryContext ctx = ExpressionAccess.queryContext(state.meta, state.annotations, state.joiner, SUBQUERIES,
                slots);
        List<Q> filters = state.filters;
        for (int i = 0; i < filters.size(); i++) {
            if (!ctx.compileSplit(filters.get(i)).equals(entry.splits().get(i))) {
                return null;
            }
        }
        if (slots.size() != entry.filterEnd() || !ctx.joins().equals(entry.filterJoins())) {
            return null;
        }
        List<Resolved> annotations = entry.annotations();
        if (annotations != null) {
            // Annotations that may bind other values (literals): resolved again, into their own slots; one that
            // resolves otherwise than the kept one, values aside, has another SQL text.
            int i = 0;
            for (String name : state.annotations.keySet()) {
                if (!ctx.annotation(name).equals(annotations.get(i++))) {
                    return null;
                }
            }
            if (slots.size() != entry.fixedEnd() || !ctx.joins().equals(entry.annotationJoins())) {
                return null;
            }
        }
        Object[] kept = entry.values();
        if (entry.sets() != null) {
            for (int i = slots.size(); i < entry.fixedEnd(); i++) {
                slots.add(kept[i]);  // the annotations' slots, so that the assignments' number as compiled
            }
            if (!assignments(state.meta, ctx, slots, updates).equals(entry.sets()) || slots.size() != entry.setsEnd()) {
                return null;
            }
        }
        Object[] values = kept.clone();
        slots.copyTo(values, 0, annotations != null ? entry.fixedEnd() : entry.filterEnd());
        if (entry.sets() != null) {
            slots.copyTo(values, entry.fixedEnd(), entry.setsEnd());
        }
        return bindKept(entry, state, values);
    }

    /**
     * The kept values of {@code entry} with its key lists' slots filled from {@code filters}' list values, converted
     * as their filters would bind them; null when a value is not a list of the kept size. The shape's key has
     * matched, so each filter is the kept one's key on the same state with a list of the same class and size: its
     * compile would resolve the same field and columns and bind each element in order, as this does.
     */
    private static Object[] keyListValues(CompiledShapes.Entry entry, List<Q> filters) {
        List<CompiledShapes.KeyList> keys = entry.keyLists();
        if (keys.size() != filters.size()) {
            return null;
        }
        Object[] values = entry.values().clone();
        for (int i = 0; i < keys.size(); i++) {
            CompiledShapes.KeyList k = keys.get(i);
            Q q = filters.get(i);
            if (q.isNegated() || q.children().size() != 1 || !(q.children().get(0) instanceof Q.Filter f)) {
                return null;
            }
            if (!k.list()) {
                // The key matched, so the value is of the kept one's class: its compile would bind it alone here.
                if (f.value() instanceof java.util.Collection<?>) {
                    return null;
                }
                values[k.start()] = ExpressionAccess.filterValue(k.field(), f.value());
                continue;
            }
            if (!(f.value() instanceof java.util.Collection<?> c) || c.size() != k.size()) {
                return null;
            }
            // A collection may iterate other than its size() said when the key matched (another thread changing
            // it): a compile binds what it iterates, so fill exactly the kept slots or compile instead, never
            // leaving the kept run's keys in a slot or writing past the list's own.
            int slot = k.start();
            int end = slot + k.size();
            for (Object v : c) {
                if (slot == end) {
                    return null;
                }
                values[slot++] = ExpressionAccess.filterValue(k.field(), v);
            }
            if (slot != end) {
                return null;
            }
        }
        return values;
    }

    /** {@code entry}'s statement bound to {@code values} (one per slot) with the state's limit and offset. */
    private static CompiledQuery bindKept(CompiledShapes.Entry entry, QueryState state, Object[] values) {
        if (entry.limitSlot() >= 0) {
            values[entry.limitSlot()] = state.limit.longValue();
        }
        if (entry.offsetSlot() >= 0) {
            values[entry.offsetSlot()] = state.offset.longValue();
        }
        CompiledQuery c = entry.compiled();
        StatementTemplate template = ((dev.tortoise.sql.ast.BoundStatement) c.statement()).template();
        return new CompiledQuery(template.bind(values), c.model(), c.connection(), c.operation(), c.shape(),
                c.fetchSize(), c.timeout());
    }

    /** Whether {@code a} and {@code b} are the same expression with the same values (see {@link BindValues#sameValues}). */
    private boolean same(Expr a, Expr b) {
        return BindValues.sameValues(a, b, slots);
    }

    // ------------------------------------------------------------------ model select

    CompiledQuery models() {
        if (s.only == null && s.selectRelated.isEmpty() && ctx.annotationNames().isEmpty()) {
            // The common shape (whole rows, no annotations, no select_related): the select items
            // are the model's, built once on ModelMeta; no GROUP BY without aggregate annotations.
            List<OrderItem> order = ordering();  // before joins(): ordering by a related field adds a join
            Select select = new Select(s.distinct, meta.rootSelectItems(), from(), ctx.joins(), whereExpr(),
                    List.of(), havingExpr(), order, limitBind(), offsetBind(), s.lock);
            ResultShape.Models shape = new ResultShape.Models(meta, meta.columnFields(), List.of(), List.of(),
                    false, s.prefetch);
            return new CompiledQuery(bound(select), meta, s.connection, Operation.SELECT, shape, s.fetchSize,
                    s.timeout);
        }
        List<FieldMeta> fields = selectedFields();
        List<SelectItem> items = new ArrayList<>();
        List<Expr> groupCols = new ArrayList<>();
        for (FieldMeta f : fields) {
            Column c = ctx.column(f);
            items.add(new SelectItem(c, null));
            groupCols.add(c);
        }
        List<ResultShape.Slot> annotationSlots = new ArrayList<>();
        for (String name : ctx.annotationNames()) {
            Resolved r = ctx.annotation(name);
            items.add(new SelectItem(r.sql(), null));
            annotationSlots.add(new ResultShape.Slot(name, r.field(), r.valueType()));
            if (!r.aggregate()) {
                groupCols.add(r.sql());
            }
        }
        List<ResultShape.RelatedSlice> slices = relatedSlices(items, groupCols);
        List<Expr> groupBy = hasAggregateAnnotation() ? groupCols : List.of();
        List<OrderItem> order = ordering();  // before joins(): ordering by a related field adds a join
        Select select = new Select(s.distinct, items, from(), ctx.joins(), whereExpr(), groupBy, havingExpr(),
                order, limitBind(), offsetBind(), s.lock);
        ResultShape.Models shape = new ResultShape.Models(meta, fields, annotationSlots, slices, s.only != null,
                s.prefetch);
        return new CompiledQuery(bound(select), meta, s.connection, Operation.SELECT, shape, s.fetchSize,
                    s.timeout);
    }

    private List<FieldMeta> selectedFields() {
        if (s.only == null) {
            return meta.columnFields();
        }
        Set<FieldMeta> out = new LinkedHashSet<>();
        for (String name : s.only) {
            FieldMeta f = meta.fieldOrNull(name);
            if (f == null) {
                throw meta.unknownField(name);
            }
            if (!f.hasColumn()) {
                if (f.relation() != null && f.relation().keyField() != null) {
                    f = f.relation().keyField();
                } else {
                    throw new FieldError("Field '" + name + "' of " + meta.name() + " has no column to load");
                }
            }
            out.add(f);
        }
        // The primary key is always loaded, so that a partial instance can be saved with update fields.
        out.add(meta.pk());
        return new ArrayList<>(out);
    }

    private List<ResultShape.RelatedSlice> relatedSlices(List<SelectItem> items, List<Expr> groupCols) {
        List<ResultShape.RelatedSlice> slices = new ArrayList<>();
        Map<String, Integer> sliceByPath = new LinkedHashMap<>();
        Map<String, String> aliasByPath = new LinkedHashMap<>();
        for (String path : s.selectRelated) {
            String[] parts = path.split("__");
            ModelMeta model = meta;
            String alias = ctx.rootAlias();
            int parent = -1;
            StringBuilder prefix = new StringBuilder();
            for (String part : parts) {
                FieldMeta f = model.fieldOrNull(part);
                if (f == null) {
                    throw new FieldError("Relation " + part + " for " + model.fullName() + " not found");
                }
                if (f.kind() != FieldKind.FOREIGN_KEY && f.kind() != FieldKind.ONE_TO_ONE
                        && f.kind() != FieldKind.BACKWARD_O2O) {
                    throw new FieldError("Field " + part + " on " + model.fullName() + " is not a relation");
                }
                if (prefix.length() > 0) {
                    prefix.append("__");
                }
                prefix.append(part);
                String key = prefix.toString();
                Integer existing = sliceByPath.get(key);
                if (existing != null) {
                    parent = existing;
                    model = slices.get(existing).model();
                    alias = aliasByPath.get(key);
                    continue;
                }
                RelationJoiner.Step step = s.joiner.joinRelated(ctx, model, alias, f);
                ModelMeta target = step.model();
                for (FieldMeta tf : target.columnFields()) {
                    Column c = new Column(step.alias(), tf.column());
                    items.add(new SelectItem(c, null));
                    groupCols.add(c);
                }
                slices.add(new ResultShape.RelatedSlice(parent, f, target, target.columnFields()));
                parent = slices.size() - 1;
                sliceByPath.put(key, parent);
                aliasByPath.put(key, step.alias());
                model = target;
                alias = step.alias();
            }
        }
        return slices;
    }

    /** The ORDER BY of the query: explicit keys, else Meta ordering unless annotated or grouped. */
    List<OrderItem> ordering() {
        List<String> keys = s.orderBy;
        if (keys == null) {
            keys = (!s.annotations.isEmpty() || !s.groupBy.isEmpty()) ? List.of() : meta.ordering();
        }
        if (keys.isEmpty()) {
            return List.of();
        }
        List<OrderItem> out = new ArrayList<>(keys.size());
        for (String key : keys) {
            out.add(orderItem(key));
        }
        return out;
    }

    private OrderItem orderItem(String key) {
        boolean desc = key.startsWith("-");
        String name = desc ? key.substring(1) : key;
        if (ctx.hasAnnotation(name)) {
            return new OrderItem(ctx.annotation(name).sql(), desc);
        }
        List<String> parts = dev.tortoise.internal.model.LookupPath.parts(name);
        QueryContext.PathTarget t = ctx.resolvePath(parts, true);
        if (t == null || t.field() == null || t.consumed() != parts.size()) {
            throw unknownPath(name, parts, t);
        }
        FieldMeta f = t.field();
        if (!f.hasColumn()) {
            throw new FieldError("Field " + name + " for model " + t.model().name()
                    + " is a relation; order by one of its fields, e.g. " + name + "__id");
        }
        return new OrderItem(new Column(t.alias(), f.column()), desc);
    }

    // ------------------------------------------------------------------ values

    /** Compiles values/values_list for the given keys (result key -> path). */
    CompiledQuery values(Map<String, String> keys, ResultShape.Values.Kind kind) {
        List<SelectItem> items = new ArrayList<>();
        List<ResultShape.Slot> slots = new ArrayList<>();
        List<Expr> nonAggregate = new ArrayList<>();
        boolean anyAggregate = false;
        for (Map.Entry<String, String> e : keys.entrySet()) {
            String path = e.getValue();
            Resolved r = valuePath(path);
            items.add(new SelectItem(r.sql(), null));
            slots.add(new ResultShape.Slot(e.getKey(), r.field(), r.valueType()));
            if (r.aggregate()) {
                anyAggregate = true;
            } else {
                nonAggregate.add(r.sql());
            }
        }
        List<Expr> groupBy = null;
        if (!s.groupBy.isEmpty()) {
            groupBy = new ArrayList<>();
            for (String g : s.groupBy) {
                groupBy.add(valuePath(g).sql());
            }
        }
        List<OrderItem> order = ordering();
        if (s.groupBy.isEmpty()) {
            groupBy = List.of();
            if (anyAggregate || !having.isEmpty()) {
                // Aggregates over joined relations are per root row (as Tortoise groups by the pk);
                // over the root table alone they aggregate the rows of equal selected values.
                List<Expr> g = new ArrayList<>();
                if (!ctx.joins().isEmpty()) {
                    g.add(ctx.column(meta.pk()));
                }
                for (Expr e : nonAggregate) {
                    if (!containsSame(g, e)) {
                        g.add(e);
                    }
                }
                if (!g.isEmpty()) {
                    for (OrderItem o : order) {
                        if (!containsSame(g, o.expr()) && !isAggregate(o.expr())) {
                            g.add(o.expr());
                        }
                    }
                }
                groupBy = g;
            }
        }
        if (!groupBy.isEmpty()) {
            // Computed values are grouped (and then ordered) by their output alias: the same expression
            // written twice would carry different bind markers, which PostgreSQL does not match.
            List<Expr> byAlias = new ArrayList<>(groupBy.size());
            for (Expr e : groupBy) {
                byAlias.add(outputRef(items, e, true));
            }
            groupBy = byAlias;
            List<OrderItem> orderByAlias = new ArrayList<>(order.size());
            for (OrderItem o : order) {
                orderByAlias.add(new OrderItem(outputRef(items, o.expr(), false), o.descending()));
            }
            order = orderByAlias;
        }
        Select select = new Select(s.distinct, items, from(), ctx.joins(), whereExpr(), groupBy, havingExpr(),
                order, limitBind(), offsetBind(), s.lock);
        return new CompiledQuery(bound(select), meta, s.connection, Operation.VALUES, new ResultShape.Values(slots, kind),
                s.fetchSize, s.timeout);
    }

    /**
     * A reference to the output column computing {@code e}: the expression itself for plain columns
     * or when no output computes it, else the output's alias (given one when {@code assign}).
     */
    private Expr outputRef(List<SelectItem> items, Expr e, boolean assign) {
        if (e instanceof Column) {
            return e;
        }
        for (int i = 0; i < items.size(); i++) {
            SelectItem item = items.get(i);
            if (same(item.expr(), e)) {
                if (item.alias() == null) {
                    if (!assign) {
                        return e;
                    }
                    item = new SelectItem(item.expr(), "__v" + i);
                    items.set(i, item);
                }
                return new AliasRef(item.alias());
            }
        }
        return e;
    }

    /** Whether {@code list} holds {@code e} with the same bind values ({@link Expr#equals} ignores values). */
    private boolean containsSame(List<Expr> list, Expr e) {
        for (Expr x : list) {
            if (same(x, e)) {
                return true;
            }
        }
        return false;
    }

    /** Whether an ORDER BY expression is an aggregate annotation's. */
    private boolean isAggregate(Expr e) {
        for (String name : ctx.annotationNames()) {
            Resolved r = ctx.annotation(name);
            if (r.aggregate() && same(r.sql(), e)) {
                return true;
            }
        }
        return false;
    }

    /** A one-column SELECT for use inside another query. */
    SubquerySource.Compiled subquery(Map<String, String> keys) {
        if (keys.size() != 1) {
            throw new ParamsError("A subquery must select exactly one field, got " + keys.values());
        }
        CompiledQuery q = values(keys, ResultShape.Values.Kind.FLAT);
        ResultShape.Slot slot = ((ResultShape.Values) q.shape()).slots().get(0);
        // Its values are in the outer statement's collector already: the tree alone goes in.
        dev.tortoise.sql.ast.Statement st = q.statement() instanceof dev.tortoise.sql.ast.BoundStatement b
                ? b.template().statement() : q.statement();
        return new SubquerySource.Compiled((Select) st, slot.field(), slot.valueType());
    }

    /**
     * Tortoise's {@code Unknown field "leaf" for model "Owner"}: after a relation, the first name that
     * does not resolve and the related model it was looked up on ({@code "neem"} of {@code "Tournament"}
     * for {@code tournament__neem}), then the names valid there; a path whose first name is unknown, or
     * that runs on past a data field, is reported whole for the queried model.
     */
    private FieldError unknownPath(String path, List<String> parts, QueryContext.PathTarget t) {
        if (t == null) {
            return meta.unknownField(path, ctx.allowedFilterBases());
        }
        if (t.field() == null) {
            List<String> valid = new ArrayList<>();
            valid.add("pk");
            valid.addAll(t.model().fieldNames());
            return t.model().unknownField(parts.get(t.consumed()), valid);
        }
        return meta.unknownField(path, ctx.allowedFilterBases());
    }

    /** Every column field and annotation: what values() without arguments returns. */
    Map<String, String> allValueKeys() {
        Map<String, String> keys = new LinkedHashMap<>();
        for (FieldMeta f : meta.columnFields()) {
            keys.put(f.name(), f.name());
        }
        for (String a : ctx.annotationNames()) {
            keys.put(a, a);
        }
        return keys;
    }

    private Resolved valuePath(String path) {
        if (ctx.hasAnnotation(path)) {
            return ctx.annotation(path);
        }
        List<String> parts = dev.tortoise.internal.model.LookupPath.parts(path);
        QueryContext.PathTarget t = ctx.resolvePath(parts, true);
        if (t == null || t.field() == null || t.consumed() != parts.size()) {
            throw unknownPath(path, parts, t);
        }
        if (!t.field().hasColumn() || t.field().kind() != FieldKind.DATA) {
            throw new FieldError("Selecting relation \"" + path + "\" is not possible, select concrete field on "
                    + "related model");
        }
        return new Resolved(new Column(t.alias(), t.field().column()), t.field());
    }

    // ------------------------------------------------------------------ count / exists

    CompiledQuery count() {
        Expr countExpr;
        Expr filter = whereExpr();
        List<dev.tortoise.sql.ast.Join> joins = ctx.joins();
        Column pk = ctx.column(meta.pk());
        if (!having.isEmpty() || hasAggregateAnnotation()) {
            // Grouped rows: count the root rows whose group passes HAVING.
            Select inner = new Select(false, List.of(new SelectItem(pk, null)), from(), joins, filter, groupColumns(),
                    havingExpr(), List.of(), null, null, null);
            filter = new InSubquery(pk, inner, false);
            joins = List.of();
            countExpr = new Aggregate("COUNT", null, false);
        } else if (s.distinct) {
            countExpr = new Aggregate("COUNT", pk, true);
        } else {
            countExpr = new Aggregate("COUNT", null, false);
        }
        Select select = new Select(false, List.of(new SelectItem(countExpr, null)), from(), joins, filter, List.of(),
                null, List.of(), null, null, null);
        ResultShape.Values shape = new ResultShape.Values(List.of(new ResultShape.Slot("count", null, Long.class)),
                ResultShape.Values.Kind.FLAT);
        return new CompiledQuery(bound(select), meta, s.connection, Operation.COUNT, shape, 0, s.timeout);
    }

    private List<Expr> groupColumns() {
        List<Expr> cols = new ArrayList<>();
        for (FieldMeta f : meta.columnFields()) {
            cols.add(ctx.column(f));
        }
        return cols;
    }

    CompiledQuery exists() {
        Column pk = ctx.column(meta.pk());
        List<Expr> groupBy = !having.isEmpty() || hasAggregateAnnotation() ? groupColumns() : List.of();
        Select select = new Select(false, List.of(new SelectItem(pk, null)), from(), ctx.joins(), whereExpr(),
                groupBy, havingExpr(), List.of(), slots.add(1L, Long.class, null), offsetBind(), null);
        ResultShape.Values shape = new ResultShape.Values(List.of(new ResultShape.Slot("pk", meta.pk(), null)),
                ResultShape.Values.Kind.FLAT);
        return new CompiledQuery(bound(select), meta, s.connection, Operation.EXISTS, shape, 0, s.timeout);
    }

    // ------------------------------------------------------------------ update / delete

    /** The WHERE of a bulk update/delete: direct when simple, else {@code pk IN (SELECT pk ...)}. */
    private Expr writeFilter() {
        boolean simple = ctx.joins().isEmpty() && having.isEmpty() && s.limit == null && s.offset == null
                && !hasAggregateAnnotation();
        if (simple) {
            return whereExpr();
        }
        Column pk = ctx.column(meta.pk());
        List<Expr> groupBy = !having.isEmpty() || hasAggregateAnnotation() ? groupColumns() : List.of();
        List<OrderItem> order = s.limit != null || s.offset != null ? ordering() : List.of();
        Select inner = new Select(false, List.of(new SelectItem(pk, null)), from(), ctx.joins(), whereExpr(), groupBy,
                havingExpr(), order, limitBind(), offsetBind(), null);
        return new InSubquery(pk, inner, false);
    }

    CompiledQuery update(Map<String, ?> values) {
        if (values.isEmpty()) {
            throw new dev.tortoise.exception.ParamsError("update() needs at least one field to set");
        }
        List<Assignment> assignments = assignments(meta, ctx, slots, values);
        sets = assignments;
        setsEnd = slots.size();
        Update update = new Update(meta.tableRef(), assignments, writeFilter());
        return new CompiledQuery(bound(update), meta, s.connection, Operation.UPDATE, new ResultShape.RowCount(), 0,
                s.timeout);
    }

    /** The assignments of an update of {@code meta} setting {@code values}, their values bound in {@code slots}. */
    private static List<Assignment> assignments(ModelMeta meta, QueryContext ctx, BindSlots slots,
                                                Map<String, ?> values) {
        List<Assignment> sets = new ArrayList<>(values.size());
        for (Map.Entry<String, ?> e : values.entrySet()) {
            String key = e.getKey();
            FieldMeta f = meta.fieldOrNull(key);
            if (f == null) {
                throw new FieldError("Unknown keyword argument " + key + " for model " + meta.name()
                        + "; valid fields are " + meta.fieldNames());
            }
            if (f.primaryKey()) {
                throw new IntegrityError("Field " + key + " is PK and can not be updated");
            }
            if (f.kind().isVirtual()) {
                throw new FieldError("Field " + key + " is virtual and can not be updated");
            }
            if (f.relation() != null && f.relation().keyField() != null) {
                Object v = e.getValue();
                f = f.relation().keyField();
                sets.add(new Assignment(f.column(), keyValue(f, v, slots)));
                continue;
            }
            Object v = e.getValue();
            if (v instanceof Expression expr) {
                int joinsBefore = ctx.joins().size();
                Resolved r = expr.resolve(ctx);
                if (ctx.joins().size() != joinsBefore) {
                    throw new FieldError("update() can't set " + key + " of " + meta.name() + " from " + expr
                            + ": values of related models need a join, which an UPDATE does not have");
                }
                if (r.aggregate()) {
                    throw new FieldError("update() can't set " + key + " of " + meta.name() + " from the aggregate "
                            + expr);
                }
                sets.add(new Assignment(f.column(), r.sql()));
                continue;
            }
            Object coerced = f.coerce(v);
            f.validate(coerced);
            sets.add(new Assignment(f.column(), f.bind(slots, coerced)));
        }
        return sets;
    }

    private static Expr keyValue(FieldMeta keyField, Object v, BindSlots slots) {
        if (v instanceof Model m) {
            v = m.pk();
        }
        Object coerced = keyField.coerce(v);
        keyField.validate(coerced);
        return keyField.bind(slots, coerced);
    }

    CompiledQuery delete() {
        Delete delete = new Delete(meta.tableRef(), writeFilter());
        return new CompiledQuery(bound(delete), meta, s.connection, Operation.DELETE, new ResultShape.RowCount(), 0,
                s.timeout);
    }
}
