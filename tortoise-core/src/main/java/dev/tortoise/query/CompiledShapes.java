package dev.tortoise.query;

import dev.tortoise.expression.Expression;
import dev.tortoise.expression.Q;
import dev.tortoise.expression.QueryContext;
import dev.tortoise.expression.Resolved;
import dev.tortoise.internal.expression.ExpressionAccess;
import dev.tortoise.internal.expression.ExpressionShape;
import dev.tortoise.internal.query.CompiledQuery;
import dev.tortoise.internal.query.Operation;
import dev.tortoise.sql.ast.Assignment;
import dev.tortoise.sql.ast.Join;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The compiled statements of one model's query shapes (a manager's querysets), least recently used
 * dropped first beyond {@link #CAPACITY}: a queryset run again with other values takes its shape's
 * statement template, slot layout and result shape from here and compiles only its filters (and an
 * update's values) again, to fill the slots and to check that they still have the compiled shape.
 *
 * <p>A {@link Key} is a queryset's state without its values: what a filter compares with is reduced to
 * its kind (null or not, class, a Boolean's value, a collection's size), limit and offset to whether
 * they are set, annotations to their expressions' shapes ({@link ExpressionShape}: a built-in expression's
 * structure with its literals reduced to their kinds, so that {@code count("id")} built afresh per request
 * finds the shape kept; any other expression by identity). Values the key leaves out may still change the
 * SQL (a list of another length, a lookup the value turns into {@code IS NULL}, a literal of an annotation):
 * {@link SelectCompiler} compares the recompiled filters (and, when they may bind other values, the
 * annotations resolved again) with the kept ones and compiles the whole statement afresh when they differ,
 * so the key only has to avoid such shapes sharing an entry often.
 */
final class CompiledShapes {
    /** How many shapes are kept per model. */
    static final int CAPACITY = 64;
    /** The most values a kept statement binds. */
    static final int MAX_SLOTS = 512;
    /** Characters or bytes of a statement's text and binary values together beyond which it is not kept. */
    static final int LARGE_VALUE = 4096;

    private final LinkedHashMap<Key, Entry> entries = new LinkedHashMap<>(32, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, Entry> eldest) {
            return size() > CAPACITY;
        }
    };

    /** How many statements were taken from a kept shape (filled with their own values, not compiled whole). */
    private final java.util.concurrent.atomic.LongAdder replayed = new java.util.concurrent.atomic.LongAdder();

    long replayedCount() {
        return replayed.sum();
    }

    void countReplay() {
        replayed.increment();
    }

    /**
     * How many compiles ran for statements of this cache: a statement compiled whole, or a kept shape's filters
     * compiled again to fill its slots. A run whose filters are all key lists ({@link Entry#keyLists}) adds none.
     */
    private final java.util.concurrent.atomic.LongAdder compiles = new java.util.concurrent.atomic.LongAdder();

    /** {@link #compileCount} summed over every cache of this class loader (for tests of caches they cannot reach). */
    private static final java.util.concurrent.atomic.LongAdder ALL_COMPILES =
            new java.util.concurrent.atomic.LongAdder();

    long compileCount() {
        return compiles.sum();
    }

    static long totalCompileCount() {
        return ALL_COMPILES.sum();
    }

    /**
     * How many statements of querysets were compiled whole in this class loader, kept shape or not: with a
     * runtime that keeps no shapes, every statement (for tests of the cache turned off).
     */
    private static final java.util.concurrent.atomic.LongAdder WHOLE_COMPILES =
            new java.util.concurrent.atomic.LongAdder();

    static long totalWholeCompileCount() {
        return WHOLE_COMPILES.sum();
    }

    static void countWholeCompile() {
        WHOLE_COMPILES.increment();
    }

    void countCompile() {
        compiles.increment();
        ALL_COMPILES.increment();
    }

    /**
     * The result keys of recent {@code values(fields)} / {@code values_list(fields)} calls, by their field names, in
     * a slot chosen by their hash: a request that asks for the same fields again gets the same (unmodifiable) map,
     * so that it builds no key strings and its shape's {@link Key} compares its arguments by identity. Entries are
     * immutable, so racing writers need no lock; a slot another field list takes over is only a miss.
     */
    private final ValueKeys[] valueKeys = new ValueKeys[VALUE_KEY_SLOTS];

    private static final int VALUE_KEY_SLOTS = 16;

    private record ValueKeys(String[] fields, boolean unique, Map<String, String> keys) {
    }

    /** The keys kept for these fields by {@link #keepValueKeys}, or null. */
    Map<String, String> valueKeys(String[] fields, boolean unique) {
        ValueKeys k = valueKeys[valueKeySlot(fields, unique)];
        return k != null && k.unique == unique && java.util.Arrays.equals(k.fields, fields) ? k.keys : null;
    }

    /** Keeps {@code keys}, an unmodifiable map, as the result keys of {@code fields} (copied: callers own arrays). */
    void keepValueKeys(String[] fields, boolean unique, Map<String, String> keys) {
        valueKeys[valueKeySlot(fields, unique)] = new ValueKeys(fields.clone(), unique, keys);
    }

    private static int valueKeySlot(String[] fields, boolean unique) {
        return (java.util.Arrays.hashCode(fields) * 31 + (unique ? 1 : 0)) & (VALUE_KEY_SLOTS - 1);
    }

    synchronized Entry get(Key key) {
        return entries.get(key);
    }

    synchronized void put(Key key, Entry entry) {
        entries.put(key, entry);
    }

    synchronized int size() {
        return entries.size();
    }

    /**
     * A statement compiled from a shape, and what running it with another state of that shape needs.
     *
     * @param compiled the first compile, its statement a kept template bound to {@code values}
     * @param values the values of that compile, one per slot (copied, never changed), but none in the slots each
     *     run fills with its own (filters, annotations resolved again, assignments, limit and offset: null there),
     *     so that an entry holds no value of the run that compiled it, only the constants its other slots bind
     * @param splits each filter as compiled ({@link QueryContext#compileSplit}), in state order
     * @param filterJoins the joins the filters added
     * @param filterEnd the slots the filters filled: {@code [0, filterEnd)}
     * @param fixedEnd the end of the slots the annotations filled after the filters' (taken as kept)
     * @param sets an update's assignments as compiled, or null for other statements
     * @param setsEnd the end of the assignments' slots, which start at {@code fixedEnd}
     * @param limitSlot the slot of the limit, or -1
     * @param offsetSlot the slot of the offset, or -1
     * @param annotations the annotations as resolved after the filters, in order, when a run of this shape resolves
     *     them again to bind its own values into {@code [filterEnd, fixedEnd)} (see {@link #rebinds}); else null,
     *     and those slots are taken as kept
     * @param annotationJoins the joins the filters and annotations added, when {@code annotations} is not null
     * @param keyLists when every filter is one {@code field__in} list on a typed field (a prefetch's key filter) or
     *     one single-value comparison on a typed field ({@code level=x}): each filter's slots, which a run of this
     *     shape fills with its list's elements or its value without compiling the filter; else null
     */
    record Entry(CompiledQuery compiled, Object[] values, List<QueryContext.Split> splits, List<Join> filterJoins,
                 int filterEnd, int fixedEnd, List<Assignment> sets, int setsEnd, int limitSlot, int offsetSlot,
                 List<Resolved> annotations, List<Join> annotationJoins, List<KeyList> keyLists) {
    }

    /**
     * The slots {@code [start, start + size)} of a filter's IN list ({@code list}), one per element of its list value
     * in order, or the one slot ({@code size} 1) of a single-value comparison's value; each filled as a filter on
     * {@code field} converts a value ({@code ExpressionAccess.filterValue}).
     */
    record KeyList(dev.tortoise.model.FieldMeta field, int start, int size, boolean list) {
    }

    /**
     * Whether a kept statement with these annotations resolves them again on every run: when one of them may bind
     * other values than the kept compile (a literal in a built-in expression, a key of the application's).
     */
    static boolean rebinds(Map<String, Expression> annotations) {
        for (Expression e : annotations.values()) {
            if (ExpressionAccess.shape(e).rebinds()) {
                return true;
            }
        }
        return false;
    }

    /**
     * A query shape: a state without its values, the statement compiled from it ({@code op}), and that
     * statement's arguments: the result keys and kind of a values query (compared as they are, in
     * order), the values of an update (their names in order, the values reduced to their kind).
     */
    static final class Key {
        private final QueryState state;
        private final Operation op;
        private final Map<String, ?> args;
        private final Object kind;
        private final int hash;
        /**
         * A kept key's filters as {@link #flatten} lists them, the values reduced to their {@link Kind}
         * (its state then has no filters and its update values are kinds): a kept shape holds none of
         * the objects a query compared with (model instances, lists), only what its statement bound.
         * Null for a key looked up with a queryset's state.
         */
        private final List<Object> filters;
        /**
         * A kept key's annotations: their names and shapes in order (its state then has none), so that it holds
         * no expression object of the application's but those counted by identity. Null for a key looked up with
         * a queryset's state.
         */
        private final Map<String, ExpressionShape> annotations;

        Key(QueryState state, Operation op, Map<String, ?> args, Object kind) {
            this.state = state;
            this.op = op;
            this.args = args;
            this.kind = kind;
            this.filters = null;
            this.annotations = null;
            int h = op.hashCode() * 31 + Objects.hashCode(kind);
            h = h * 31 + stateHash(state);
            if (args != null && op == Operation.UPDATE) {
                for (Map.Entry<String, ?> e : args.entrySet()) {
                    h = h * 31 + e.getKey().hashCode();
                    h = h * 31 + kindHash(e.getValue());
                }
            } else if (args != null) {
                // Compared with equals, in order (sameArgs): equal maps hash alike. A values query's keys map is
                // one of its manager's kept ones (valueKeys), hashed through its own map without a wrapper.
                h = h * 31 + args.hashCode();
            }
            this.hash = h;
        }

        private Key(QueryState state, Operation op, Map<String, ?> args, Object kind, int hash, List<Object> filters,
                    Map<String, ExpressionShape> annotations) {
            this.state = state;
            this.op = op;
            this.args = args;
            this.kind = kind;
            this.hash = hash;
            this.filters = filters;
            this.annotations = annotations;
        }

        /**
         * This key as kept: equal to this one, holding the kinds of its filter and update values and the shapes of
         * its annotations, not them.
         */
        Key kept() {
            QueryState s = state;
            List<Object> flat = new java.util.ArrayList<>();
            for (Q q : s.filters) {
                flatten(q, flat);
            }
            QueryState bare = new QueryState(s.engine, s.joiner, s.meta, List.of(), s.orderBy, s.limit, s.offset,
                    s.distinct, s.only, Map.of(), s.groupBy, s.selectRelated, s.prefetch, s.lock, s.connection,
                    s.fetchSize, s.timeout, null);
            Map<String, ExpressionShape> shapes = new LinkedHashMap<>();
            for (Map.Entry<String, Expression> e : s.annotations.entrySet()) {
                shapes.put(e.getKey(), ExpressionAccess.shape(e.getValue()));
            }
            Map<String, ?> a = args;
            if (op == Operation.UPDATE && args != null) {
                Map<String, Kind> kinds = new LinkedHashMap<>();
                for (Map.Entry<String, ?> e : args.entrySet()) {
                    kinds.put(e.getKey(), Kind.of(e.getValue()));
                }
                a = kinds;
            }
            return new Key(bare, op, a, kind, hash, List.copyOf(flat), shapes);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.hash == hash && k.op == op && Objects.equals(k.kind, kind)
                    && sameArgs(k.args, args, op == Operation.UPDATE) && sameState(k.state, state)
                    && sameAnnotations(k, this) && sameFilters(k, this);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    /** What {@link #sameKind} compares of a value: null or its class, with a Boolean's value or a size. */
    private record Kind(Class<?> type, int extra) {
        static Kind of(Object v) {
            if (v instanceof Kind k) {
                return k;
            }
            if (v == null) {
                return new Kind(null, 0);
            }
            int extra = v instanceof Boolean b ? (b ? 1 : 0) : v instanceof Collection<?> c ? c.size()
                    : v.getClass().isArray() ? java.lang.reflect.Array.getLength(v) : 0;
            return new Kind(v.getClass(), extra);
        }

        /** Whether {@code v} (a value, or a kind) is of this kind: {@code equals(of(v))} without making one. */
        boolean matches(Object v) {
            if (v instanceof Kind k) {
                return equals(k);
            }
            if (v == null || v.getClass() != type) {
                return v == null && type == null;
            }
            return extra == (v instanceof Boolean b ? (b ? 1 : 0) : v instanceof Collection<?> c ? c.size()
                    : type.isArray() ? java.lang.reflect.Array.getLength(v) : 0);
        }
    }

    /** A Q in pre-order: {@code [or, negated, children]}, then each child (a filter: its key and value's kind). */
    private record QNode(boolean or, boolean negated, int children) {
    }

    private record FNode(String key, Kind kind) {
    }

    private static void flatten(Q q, List<Object> out) {
        out.add(new QNode(q.isOr(), q.isNegated(), q.children().size()));
        for (Object child : q.children()) {
            if (child instanceof Q nested) {
                flatten(nested, out);
            } else {
                Q.Filter f = (Q.Filter) child;
                out.add(new FNode(f.key(), Kind.of(f.value())));
            }
        }
    }

    private static boolean sameFilters(Key a, Key b) {
        if (a.filters != null && b.filters != null) {
            return a.filters.equals(b.filters);
        }
        if (a.filters == null && b.filters == null) {
            List<Q> fa = a.state.filters;
            List<Q> fb = b.state.filters;
            if (fa.size() != fb.size()) {
                return false;
            }
            for (int i = 0; i < fa.size(); i++) {
                if (!sameQ(fa.get(i), fb.get(i))) {
                    return false;
                }
            }
            return true;
        }
        List<Object> flat = a.filters != null ? a.filters : b.filters;
        List<Q> live = a.filters != null ? b.state.filters : a.state.filters;
        int pos = 0;
        for (Q q : live) {
            pos = match(q, flat, pos);
            if (pos < 0) {
                return false;
            }
        }
        return pos == flat.size();
    }

    /** The position after {@code q} in {@code flat} when it is there at {@code pos}, else -1. */
    private static int match(Q q, List<Object> flat, int pos) {
        List<Object> children = q.children();
        if (pos >= flat.size() || !(flat.get(pos) instanceof QNode n) || n.or() != q.isOr()
                || n.negated() != q.isNegated() || n.children() != children.size()) {
            return -1;
        }
        pos++;
        for (Object child : children) {
            if (child instanceof Q nested) {
                pos = match(nested, flat, pos);
                if (pos < 0) {
                    return -1;
                }
            } else {
                Q.Filter f = (Q.Filter) child;
                if (pos >= flat.size() || !(flat.get(pos) instanceof FNode fn) || !fn.key().equals(f.key())
                        || !fn.kind().matches(f.value())) {
                    return -1;
                }
                pos++;
            }
        }
        return pos;
    }

    private static int stateHash(QueryState s) {
        int h = System.identityHashCode(s.meta);
        for (Q q : s.filters) {
            h = h * 31 + qHash(q);
        }
        h = h * 31 + Objects.hashCode(s.orderBy);
        h = h * 31 + (s.limit == null ? 0 : 1) + (s.offset == null ? 0 : 2) + (s.distinct ? 4 : 0);
        h = h * 31 + Objects.hashCode(s.only);
        for (Map.Entry<String, Expression> e : s.annotations.entrySet()) {
            h = h * 31 + e.getKey().hashCode() * 17 + ExpressionAccess.shape(e.getValue()).hashCode();
        }
        h = h * 31 + s.groupBy.hashCode();
        h = h * 31 + s.selectRelated.hashCode();
        h = h * 31 + s.prefetch.hashCode();
        h = h * 31 + Objects.hashCode(s.lock);
        h = h * 31 + Objects.hashCode(s.connection);
        h = h * 31 + s.fetchSize;
        return h * 31 + Objects.hashCode(s.timeout);
    }

    private static boolean sameState(QueryState a, QueryState b) {
        if (a == b) {
            return true;
        }
        if (a.meta != b.meta || a.engine != b.engine || a.joiner != b.joiner || a.distinct != b.distinct
                || (a.limit == null) != (b.limit == null) || (a.offset == null) != (b.offset == null)
                || a.fetchSize != b.fetchSize) {
            return false;
        }
        return Objects.equals(a.orderBy, b.orderBy) && Objects.equals(a.only, b.only) && a.groupBy.equals(b.groupBy)
                && a.selectRelated.equals(b.selectRelated) && a.prefetch.equals(b.prefetch)
                && Objects.equals(a.lock, b.lock) && Objects.equals(a.connection, b.connection)
                && Objects.equals(a.timeout, b.timeout);
    }

    /** Whether two keys' annotations have the same names and shapes, in the same order. */
    private static boolean sameAnnotations(Key a, Key b) {
        if (a.annotations != null && b.annotations != null) {
            return a.annotations.equals(b.annotations);
        }
        Map<String, Expression> live = a.annotations == null ? a.state.annotations : b.state.annotations;
        if (a.annotations == null && b.annotations == null) {
            Map<String, Expression> other = b.state.annotations;
            if (live == other) {
                return true;
            }
            if (live.size() != other.size()) {
                return false;
            }
            Iterator<Map.Entry<String, Expression>> ia = live.entrySet().iterator();
            Iterator<Map.Entry<String, Expression>> ib = other.entrySet().iterator();
            while (ia.hasNext()) {
                Map.Entry<String, Expression> ea = ia.next();
                Map.Entry<String, Expression> eb = ib.next();
                if (!ea.getKey().equals(eb.getKey()) || ea.getValue() != eb.getValue()
                        && !ExpressionAccess.shape(ea.getValue()).equals(ExpressionAccess.shape(eb.getValue()))) {
                    return false;
                }
            }
            return true;
        }
        Map<String, ExpressionShape> kept = a.annotations != null ? a.annotations : b.annotations;
        if (live.size() != kept.size()) {
            return false;
        }
        Iterator<Map.Entry<String, Expression>> il = live.entrySet().iterator();
        for (Map.Entry<String, ExpressionShape> ek : kept.entrySet()) {
            Map.Entry<String, Expression> el = il.next();
            if (!ek.getKey().equals(el.getKey()) || !ek.getValue().equals(ExpressionAccess.shape(el.getValue()))) {
                return false;
            }
        }
        return true;
    }

    private static int qHash(Q q) {
        int h = (q.isOr() ? 1 : 0) + (q.isNegated() ? 2 : 0);
        for (Object child : q.children()) {
            h = h * 31 + (child instanceof Q nested ? qHash(nested)
                    : ((Q.Filter) child).key().hashCode() * 17 + kindHash(((Q.Filter) child).value()));
        }
        return h;
    }

    private static boolean sameQ(Q a, Q b) {
        if (a == b) {
            return true;
        }
        List<Object> ca = a.children();
        List<Object> cb = b.children();
        if (a.isOr() != b.isOr() || a.isNegated() != b.isNegated() || ca.size() != cb.size()) {
            return false;
        }
        for (int i = 0; i < ca.size(); i++) {
            Object x = ca.get(i);
            Object y = cb.get(i);
            if (x instanceof Q qx) {
                if (!(y instanceof Q qy) || !sameQ(qx, qy)) {
                    return false;
                }
            } else if (!(y instanceof Q.Filter fy) || !((Q.Filter) x).key().equals(fy.key())
                    || !sameKind(((Q.Filter) x).value(), fy.value())) {
                return false;
            }
        }
        return true;
    }

    private static boolean sameArgs(Map<String, ?> a, Map<String, ?> b, boolean kindsOnly) {
        if (a == b) {
            return true;
        }
        if (a == null || b == null || a.size() != b.size()) {
            return false;
        }
        Iterator<? extends Map.Entry<String, ?>> ia = a.entrySet().iterator();
        Iterator<? extends Map.Entry<String, ?>> ib = b.entrySet().iterator();
        while (ia.hasNext()) {
            Map.Entry<String, ?> ea = ia.next();
            Map.Entry<String, ?> eb = ib.next();
            if (!ea.getKey().equals(eb.getKey()) || (kindsOnly ? !sameKindOrKept(ea.getValue(), eb.getValue())
                    : !Objects.equals(ea.getValue(), eb.getValue()))) {
                return false;
            }
        }
        return true;
    }

    /** {@link #sameKind}, where either may be the {@link Kind} a kept key holds instead of its value. */
    private static boolean sameKindOrKept(Object a, Object b) {
        return a instanceof Kind k ? k.matches(b) : b instanceof Kind k ? k.matches(a) : sameKind(a, b);
    }

    /** The part of a value that most often decides the SQL: null or not, its class, a Boolean's value, a size. */
    private static int kindHash(Object v) {
        if (v == null) {
            return 0;
        }
        int h = v.getClass().hashCode();
        if (v instanceof Boolean) {
            return h + v.hashCode();
        }
        if (v instanceof Collection<?> c) {
            return h + c.size();
        }
        if (v.getClass().isArray()) {
            return h + java.lang.reflect.Array.getLength(v);
        }
        return h;
    }

    private static boolean sameKind(Object a, Object b) {
        if (a == b) {
            return true;
        }
        if (a == null || b == null || a.getClass() != b.getClass()) {
            return false;
        }
        if (a instanceof Boolean) {
            return a.equals(b);
        }
        if (a instanceof Collection<?> c) {
            return c.size() == ((Collection<?>) b).size();
        }
        if (a.getClass().isArray()) {
            return java.lang.reflect.Array.getLength(a) == java.lang.reflect.Array.getLength(b);
        }
        return true;
    }
}
