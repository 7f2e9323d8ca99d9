package dev.tortoise.expression;

import dev.tortoise.exception.FieldError;
import dev.tortoise.internal.expression.ExpressionAccess;
import dev.tortoise.internal.expression.InListFilter;
import dev.tortoise.internal.expression.RelationJoiner;
import dev.tortoise.internal.expression.SubquerySource;
import dev.tortoise.internal.expression.ValueFilter;
import dev.tortoise.model.FieldKind;
import dev.tortoise.model.FieldMeta;
import dev.tortoise.model.ModelMeta;
import dev.tortoise.sql.ast.Bind;
import dev.tortoise.sql.ast.BindSlots;
import dev.tortoise.sql.ast.Column;
import dev.tortoise.sql.ast.ColumnType;
import dev.tortoise.sql.ast.Expr;
import dev.tortoise.sql.ast.Join;
import dev.tortoise.sql.ast.Junction;
import dev.tortoise.sql.ast.Not;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The resolution state of one query being compiled: its root model, the joins that lookups
 * across relations have added, and the query's annotations. Turns lookup keys, F references and
 * Q trees into SQL tree nodes; every identifier comes from model metadata. The query layer makes it (through
 * {@code dev.tortoise.internal.expression.ExpressionAccess}); a custom {@link Function} or {@link Expression}
 * receives it in {@link Expression#resolve(QueryContext)}.
 *
 * <p>Values are not put in the SQL tree: {@link #bind(Object)} hands out a slot bind and keeps the
 * value beside the tree, so that the tree is the query's shape (whose SQL text the renderer keeps)
 * and only the values change between runs. A custom expression binds its values the same way;
 * a {@link Bind#of} in the tree still works, but a statement holding one is walked again on every
 * run to collect it.
 */
public final class QueryContext {
    static {
        ExpressionAccess.install(new ExpressionAccess.Bridge() {
            @Override
            public QueryContext queryContext(ModelMeta root, Map<String, Expression> annotations,
                                             RelationJoiner joiner, SubquerySource subqueries, BindSlots slots) {
                return new QueryContext(root, annotations, joiner, subqueries, slots);
            }

            @Override
            public dev.tortoise.internal.expression.ExpressionShape shape(Expression expression) {
                return expression.shape();
            }

            @Override
            public InListFilter takeInList(QueryContext ctx) {
                InListFilter f = ctx.lastInList;
                ctx.lastInList = null;
                return f;
            }

            @Override
            public ValueFilter takeValue(QueryContext ctx) {
                ValueFilter f = ctx.lastValue;
                ctx.lastValue = null;
                return f;
            }

            @Override
            public Object filterValue(FieldMeta field, Object value) {
                return Lookups.filterValue(field, value);
            }
        });
    }

    private final ModelMeta root;
    private final String rootAlias;
    // Made on first use: most queries join nothing and resolve no annotation.
    private Map<String, Join> joins;
    private final Map<String, Expression> annotations;
    private Map<String, Resolved> resolvedAnnotations;
    private List<String> resolving;
    private final RelationJoiner joiner;
    private final SubquerySource subqueries;
    private final BindSlots slots;
    /** The last IN list compiled from a typed field's filter value, for a kept shape to record; see takeInList. */
    private InListFilter lastInList;
    /** The last single-value comparison compiled from a typed field's filter value, likewise; see takeValue. */
    private ValueFilter lastValue;

    /**
     * A context for a query on {@code root}.
     *
     * @param annotations the query's annotations by name, in definition order
     * @param joiner how relation segments of a path are joined (the relation layer's strategy)
     * @param subqueries how queries used as subqueries compile (the query layer's strategy)
     * @param slots where the statement's values go (shared with the statements it is nested in)
     */
    QueryContext(ModelMeta root, Map<String, Expression> annotations, RelationJoiner joiner,
                 SubquerySource subqueries, BindSlots slots) {
        this.root = root;
        this.slots = slots == null ? new BindSlots() : slots;
        this.rootAlias = root.table();
        this.annotations = annotations == null ? Map.of() : annotations;
        this.joiner = joiner == null ? RelationJoiner.NONE : joiner;
        this.subqueries = subqueries == null ? SubquerySource.NONE : subqueries;
    }

    /** Notes the IN list just compiled from a filter value, each element converted by {@code Lookups.filterValue}. */
    void inListCompiled(InListFilter f) {
        lastInList = f;
    }

    /** Notes the comparison just compiled from a filter value, bound by {@code Lookups.filterValue} into one slot. */
    void valueCompiled(ValueFilter f) {
        lastValue = f;
    }

    /** {@code query} compiled as a subquery, or null when it is not a query (see {@link Subquery#of}). */
    SubquerySource.Compiled subquery(Object query) {
        return subqueries.compileSubquery(query, slots);
    }

    /**
     * The bind of {@code value} in this query: a slot whose value is kept beside the SQL tree, typed
     * as {@link Bind#of} types it (the value's class, a String for a null). This is how a custom
     * {@link Function} or {@link Expression} binds a value.
     */
    public Bind bind(Object value) {
        return slots.add(value, null, null);
    }

    /**
     * The bind of {@code value} (already what the driver accepts) in this query, of Java type
     * {@code type} (null: the value's class) and for a column of {@code columnType} (or null).
     */
    public Bind bind(Object value, Class<?> type, ColumnType columnType) {
        return slots.add(value, type, columnType);
    }

    /** The values bound so far in this query (and the queries nested in it), one per slot. */
    public BindSlots slots() {
        return slots;
    }

    /** The model the query is on. */
    public ModelMeta root() {
        return root;
    }

    /** The alias of the root table in the statement. */
    public String rootAlias() {
        return rootAlias;
    }

    /** The joins added so far, in the order they were needed. */
    public List<Join> joins() {
        return joins == null || joins.isEmpty() ? List.of() : new ArrayList<>(joins.values());
    }

    /** Adds a join under its alias unless a join with that alias exists. */
    public void addJoin(String alias, Join join) {
        if (joins == null) {
            joins = new LinkedHashMap<>();
        }
        joins.putIfAbsent(alias, join);
    }

    /**
     * Whether rows reach the table of {@code alias} only through inner joins (the root table does):
     * below an outer join, an inner one would drop the rows the outer one kept.
     */
    public boolean reachedByInnerJoins(String alias) {
        if (alias.equals(rootAlias)) {
            return true;
        }
        Join j = joins == null ? null : joins.get(alias);
        return j != null && j.inner();
    }

    /** Makes the join under {@code alias} an inner join, keeping its place in the join order. */
    public void makeInner(String alias) {
        if (joins == null) {
            return;
        }
        joins.computeIfPresent(alias, (a, j) -> j.inner() ? j : new Join(j.table(), j.on(), true));
    }

    /** Whether an annotation of this name exists. */
    public boolean hasAnnotation(String name) {
        return annotations.containsKey(name);
    }

    /** The annotation names, in definition order. */
    public List<String> annotationNames() {
        return annotations.isEmpty() ? List.of() : new ArrayList<>(annotations.keySet());
    }

    /** The resolved form of an annotation (resolved once per query). */
    public Resolved annotation(String name) {
        if (resolvedAnnotations == null) {
            resolvedAnnotations = new LinkedHashMap<>();
            resolving = new ArrayList<>();
        }
        Resolved r = resolvedAnnotations.get(name);
        if (r == null) {
            if (resolving.contains(name)) {
                throw new FieldError("Annotation '" + name + "' refers to itself");
            }
            resolving.add(name);
            r = annotations.get(name).resolve(this);
            resolving.remove(name);
            resolvedAnnotations.put(name, r);
        }
        return r;
    }

    /** A column of the root model's table. */
    public Column column(FieldMeta f) {
        return new Column(rootAlias, f.column());
    }

    /**
     * Resolves a field path ({@code name}, {@code tournament__name}) to the table alias holding the
     * final field; relation segments are joined by the relation layer.
     *
     * @return the path's target, and how many segments it consumed
     */
    public PathTarget resolvePath(List<String> parts, boolean allowRelationEnd) {
        ModelMeta model = root;
        String alias = rootAlias;
        for (int i = 0; i < parts.size(); i++) {
            String part = parts.get(i);
            FieldMeta f = model.fieldOrNull(part);
            if (f == null) {
                return i == 0 ? null : new PathTarget(null, alias, i, model);
            }
            if (f.kind() == FieldKind.DATA) {
                return new PathTarget(f, alias, i + 1, model);
            }
            boolean last = i == parts.size() - 1;
            boolean beforeLookup = i == parts.size() - 2 && Lookups.isLookup(parts.get(i + 1));
            if ((last || beforeLookup) && allowRelationEnd) {
                return new PathTarget(f, alias, i + 1, model);
            }
            RelationJoiner.Step step = joiner.join(this, model, alias, f, parts.subList(i + 1, parts.size()));
            if (step.terminal() != null) {
                return new PathTarget(step.terminal(), step.alias(), i + 1 + step.consumed(), step.model());
            }
            model = step.model();
            alias = step.alias();
        }
        return new PathTarget(null, alias, parts.size(), model);
    }

    /**
     * Where a path led.
     *
     * @param field the field reached (null when the path ended on a model)
     * @param alias the table alias holding it
     * @param consumed how many path segments were used
     * @param model the model owning {@code field}
     */
    public record PathTarget(FieldMeta field, String alias, int consumed, ModelMeta model) {
    }

    /** Resolves an F reference: an annotation, a field or a related field. */
    public Resolved resolveReference(String name) {
        if (annotations.containsKey(name)) {
            return annotation(name);
        }
        List<String> parts = dev.tortoise.internal.model.LookupPath.parts(name);
        PathTarget t = resolvePath(parts, false);
        if (t == null || t.field() == null || t.consumed() != parts.size() || t.field().kind().isVirtual()) {
            throw new FieldError("There is no non-virtual field " + name + " on Model " + root.name());
        }
        return new Resolved(new Column(t.alias(), t.field().column()), t.field());
    }

    /** The allowed base names for filters: fields, {@code pk} and annotations. */
    public List<String> allowedFilterBases() {
        List<String> out = new ArrayList<>();
        out.add("pk");
        out.addAll(root.fieldNames());
        out.addAll(annotations.keySet());
        return out;
    }

    /** Compiles a Q tree to a condition. */
    public Expr compile(Q q) {
        List<Expr> parts = new ArrayList<>();
        for (Object child : q.children()) {
            if (child instanceof Q nested) {
                parts.add(compile(nested));
            } else {
                Q.Filter f = (Q.Filter) child;
                parts.add(Lookups.compile(this, f.key(), f.value()));
            }
        }
        Expr e = parts.size() == 1 ? parts.get(0) : new Junction(!q.isOr(), parts);
        return q.isNegated() ? new Not(e) : e;
    }

    /**
     * A condition split into its WHERE part and its HAVING part (either may be null).
     *
     * @param where the part on plain values, tested before grouping
     * @param having the part that refers to aggregates, tested on the groups
     */
    public record Split(Expr where, Expr having) {
    }

    /**
     * Compiles a Q tree into WHERE and HAVING parts as Tortoise does: lookups on aggregate
     * annotations go to HAVING, others to WHERE; an AND keeps the two apart, while an OR or a NOT
     * over anything that involves an aggregate moves its whole subtree to HAVING.
     */
    public Split compileSplit(Q q) {
        List<Object> children = q.children();
        if (children.size() == 1 && children.get(0) instanceof Q.Filter f) {
            // One lookup (a filter(key, value) call): the general case below with its lists left out.
            Expr e = Lookups.compile(this, f.key(), f.value());
            Split part = filterIsAggregate(f.key()) ? new Split(null, e) : new Split(e, null);
            if (!q.isNegated()) {
                return part;
            }
            return part.having() == null ? new Split(new Not(part.where()), null)
                    : new Split(null, new Not(both(part)));
        }
        List<Expr> where = new ArrayList<>();
        List<Expr> having = new ArrayList<>();
        List<Split> parts = new ArrayList<>();
        for (Object child : q.children()) {
            Split part;
            if (child instanceof Q nested) {
                part = compileSplit(nested);
            } else {
                Q.Filter f = (Q.Filter) child;
                Expr e = Lookups.compile(this, f.key(), f.value());
                part = filterIsAggregate(f.key()) ? new Split(null, e) : new Split(e, null);
            }
            parts.add(part);
        }
        boolean anyHaving = false;
        for (Split p : parts) {
            anyHaving |= p.having() != null;
        }
        if (q.isOr() && anyHaving) {
            List<Expr> alternatives = new ArrayList<>();
            for (Split p : parts) {
                alternatives.add(both(p));
            }
            having.add(junction(false, alternatives));
        } else {
            for (Split p : parts) {
                if (p.where() != null) {
                    where.add(p.where());
                }
                if (p.having() != null) {
                    having.add(p.having());
                }
            }
        }
        Expr w = where.isEmpty() ? null : junction(!q.isOr(), where);
        Expr h = having.isEmpty() ? null : junction(true, having);
        if (q.isNegated() && (w != null || h != null)) {
            if (h == null) {
                return new Split(new Not(w), null);
            }
            return new Split(null, new Not(both(new Split(w, h))));
        }
        return new Split(w, h);
    }

    private static Expr both(Split s) {
        if (s.where() == null) {
            return s.having();
        }
        if (s.having() == null) {
            return s.where();
        }
        return new Junction(true, List.of(s.where(), s.having()));
    }

    private static Expr junction(boolean and, List<Expr> parts) {
        return parts.size() == 1 ? parts.get(0) : new Junction(and, parts);
    }

    private boolean filterIsAggregate(String key) {
        if (annotations.isEmpty()) {
            return false;
        }
        String base = dev.tortoise.internal.model.LookupPath.head(key);
        return annotations.containsKey(base) && annotation(base).aggregate();
    }

    /** Whether a Q tree refers to an aggregate annotation (so it belongs in HAVING). */
    public boolean refersToAggregate(Q q) {
        for (Object child : q.children()) {
            if (child instanceof Q nested) {
                if (refersToAggregate(nested)) {
                    return true;
                }
            } else {
                String key = ((Q.Filter) child).key();
                String base = dev.tortoise.internal.model.LookupPath.head(key);
                if (annotations.containsKey(base) && annotation(base).aggregate()) {
                    return true;
                }
            }
        }
        return false;
    }
}
