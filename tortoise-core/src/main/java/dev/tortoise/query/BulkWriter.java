package dev.tortoise.query;

import dev.tortoise.exception.ParamsError;
import dev.tortoise.field.FieldType;
import dev.tortoise.internal.model.Accessor;
import dev.tortoise.internal.model.InstanceBinding;
import dev.tortoise.internal.model.Instances;
import dev.tortoise.internal.query.CompiledQuery;
import dev.tortoise.internal.query.Operation;
import dev.tortoise.internal.query.QueryEngine;
import dev.tortoise.internal.query.ResultShape;
import dev.tortoise.model.FieldMeta;
import dev.tortoise.model.Model;
import dev.tortoise.model.ModelMeta;
import dev.tortoise.sql.ast.AdvanceGeneratedKey;
import dev.tortoise.sql.ast.ColumnRows;
import dev.tortoise.sql.ast.ColumnType;
import dev.tortoise.sql.ast.Insert;
import dev.tortoise.sql.ast.OnConflict;
import dev.tortoise.sql.ast.UpdateRows;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * bulk_create and bulk_update: as few statements as the bind-parameter limit allows (inserts as
 * one array per column on PostgreSQL, else multi-row VALUES; one join UPDATE per batch), all of
 * them in one transaction when there is more than one, so a failure leaves nothing behind.
 * Objects with an explicit value for a generated primary key are inserted before those without, so
 * that no generated key can take a value an explicit one names. Signals do not fire (as Tortoise).
 */
final class BulkWriter {
    private BulkWriter() {
    }

    /** The options of a bulk_create, as Tortoise's keyword arguments. */
    record CreateOptions(Integer batchSize, boolean ignoreConflicts, List<String> updateFields,
                         List<String> onConflict, String connection) {
    }

    /**
     * Inserts the objects, writes generated keys back, marks the objects with a key saved and binds every
     * object to {@code binding} where it is not bound yet (in the same pass), then emits them.
     */
    static <T extends Model> Mono<List<T>> create(QueryEngine engine, ModelMeta meta, Collection<T> objects,
                                                  CreateOptions o, InstanceBinding binding) {
        return create(engine, meta, objects, o, binding, null);
    }

    /**
     * As {@link #create(QueryEngine, ModelMeta, Collection, CreateOptions, InstanceBinding)}, the objects' rows
     * taken by the model's row writer kept on {@code templates} (made on the model's first bulk_create; with none,
     * by a loop over the columns made for this call).
     */
    static <T extends Model> Mono<List<T>> create(QueryEngine engine, ModelMeta meta, Collection<T> objects,
                                                  CreateOptions o, InstanceBinding binding,
                                                  dev.tortoise.internal.query.ModelTemplates templates) {
        return Mono.defer(() -> {
            List<String> updateFields = o.updateFields() == null ? List.of() : o.updateFields();
            List<String> onConflict = o.onConflict() == null ? List.of() : o.onConflict();
            if (o.ignoreConflicts() && !updateFields.isEmpty()) {
                throw new ParamsError("ignore_conflicts and update_fields are mutually exclusive.");
            }
            if (updateFields.isEmpty() != onConflict.isEmpty()) {
                throw new ParamsError("update_fields and on_conflict need set in same time.");
            }
            checkBatchSize(o.batchSize());
            Object[] array = snapshotArray(objects);
            List<T> list = listOf(array);
            if (list.isEmpty()) {
                return Mono.just(list);
            }
            OnConflict conflict = null;
            if (!updateFields.isEmpty()) {
                conflict = new OnConflict(columns(meta, onConflict), columns(meta, updateFields));
            }
            // Rows with the same inserted columns (e.g. with or without an explicit primary key) share statements.
            Map<List<String>, Group<T>> groups = new LinkedHashMap<>();
            List<FieldMeta> fields = meta.columnFields();
            int nCols = fields.size();
            // Which fields a row skips (generated and null); rows usually skip the same ones as the row before,
            // and then share its group without building their column list.
            boolean[] skipped = new boolean[nCols];
            // The row's database values, per column field; reused from row to row (the group keeps them as columns).
            Object[] row = new Object[nCols];
            // auto_now(_add) is taken once per call, per field, as one statement creates the objects together
            // (as PostgreSQL's now() is one per transaction): every object gets the same instant, and a column
            // whose rows all took it is bound once (ColumnRows.shared).
            Object[] now = new Object[nCols];
            Object[] nowDb = new Object[nCols];
            boolean[] tookNow = new boolean[nCols];
            Group<T> last = null;
            BulkRows.RowWriter writer = BulkRows.of(meta, templates);
            // The objects read from the snapshot's array: the list's views cost a call or two per object.
            for (int index = 0; index < array.length; index++) {
                @SuppressWarnings("unchecked")
                T m = (T) array[index];
                if (m.getClass() != meta.modelClass() && !meta.modelClass().isInstance(m)) {
                    throw new ParamsError("bulk_create() of " + meta.name() + " got a " + m.getClass().getSimpleName());
                }
                // Per column: the default applied, auto_now(_add) set, the value validated and converted (BulkRows).
                int nSkipped = writer.write(m, row, skipped, tookNow, now, nowDb);
                Group<T> g = last != null && last.skips(skipped, nSkipped) ? last : null;
                if (g == null) {
                    List<String> cols = new ArrayList<>(nCols - nSkipped);
                    List<FieldMeta> generated = new ArrayList<>(nSkipped);
                    List<Class<?>> types = new ArrayList<>(nCols - nSkipped);
                    List<ColumnType> columnTypes = new ArrayList<>(nCols - nSkipped);
                    for (int i = 0; i < nCols; i++) {
                        FieldMeta f = fields.get(i);
                        if (skipped[i]) {
                            generated.add(f);
                        } else {
                            cols.add(f.column());
                            types.add(f.type().bindClass());
                            columnTypes.add(f.type().columnType());
                        }
                    }
                    g = groups.get(cols);
                    if (g == null) {
                        // The first group's objects are the call's first objects, a prefix of the list, until a
                        // second group starts: only then are they copied into a list of their own.
                        if (groups.size() == 1) {
                            groups.values().iterator().next().ownObjects(list);
                        }
                        // Room for every row left: usually all of them share this group.
                        g = new Group<>(cols, generated, skipped.clone(),
                                ColumnRows.builder(types, columnTypes, list.size() - index),
                                groups.isEmpty() ? null : new ArrayList<>(list.size() - index));
                        groups.put(cols, g);
                    }
                    last = g;
                }
                g.add(m);
                int c = 0;
                for (int i = 0; i < nCols; i++) {
                    if (skipped[i]) {
                        continue;
                    }
                    if (tookNow[i]) {
                        g.rows.setShared(c++, row[i]);
                    } else {
                        g.rows.set(c++, row[i]);
                    }
                }
                g.rows.endRow();
            }
            int maxBinds = engine.maxBindParameters(meta, o.connection());
            List<Mono<Void>> statements = new ArrayList<>();
            // Rows with explicit values for a generated key go first and the generator is moved past them before
            // any row takes a key from it: else a generated key could take a value that an explicit one, inserted
            // later in the same call, also names.
            List<Group<T>> explicitKeys = explicitKeyGroups(meta, groups.values());
            for (Group<T> g : explicitKeys) {
                addInserts(engine, meta, g, list, o, conflict, maxBinds, statements);
            }
            Mono<Void> advance = advanceGeneratedKey(engine, meta, explicitKeys, list, o.connection());
            if (advance != null) {
                statements.add(advance);
            }
            for (Group<T> g : groups.values()) {
                if (!explicitKeys.contains(g)) {
                    addInserts(engine, meta, g, list, o, conflict, maxBinds, statements);
                }
            }
            boolean wrap = statements.size() > 1 || !engine.atomicStatements(meta, o.connection());
            Mono<Void> all = wrap
                    ? engine.atomic(meta, o.connection(), () -> sequence(statements)).then()
                    : sequence(statements);
            // The key's accessor taken once, as for the keys' write-back.
            Accessor pk = Instances.accessor(meta.pk());
            return all.then(Mono.fromSupplier(() -> {
                for (Object object : array) {
                    Model m = (Model) object;
                    if (pk.get(m) != null) {
                        Instances.markSaved(m);
                    }
                    Instances.bindIfUnbound(m, binding);
                }
                return list;
            }));
        });
    }

    /** Adds the inserts of {@code g}'s objects, as few as the bind-parameter limit and the batch size allow. */
    private static <T extends Model> void addInserts(QueryEngine engine, ModelMeta meta, Group<T> g, List<T> list,
                                                     CreateOptions o, OnConflict conflict, int maxBinds,
                                                     List<Mono<Void>> statements) {
        int width = Math.max(1, g.columns.size());
        int size = Math.max(1, maxBinds / width);
        if (o.batchSize() != null) {
            size = Math.min(size, o.batchSize());
        }
        OnConflict oc = conflict;
        if (o.ignoreConflicts()) {
            List<List<String>> keys = uniqueKeys(meta, g.columns);
            oc = keys.isEmpty() ? null : new OnConflict(List.of(), List.of(), keys);
        } else if (conflict != null) {
            // The keys let a dialect that matches on any columns (H2's MERGE) refuse a target that is no unique key.
            oc = new OnConflict(conflict.conflictColumns(), conflict.updateColumns(), uniqueKeys(meta, g.columns));
        }
        // Generated keys come back only from plain inserts: with a conflict clause some rows are skipped
        // or updated, so returned rows could not be matched to objects.
        boolean writeBack = oc == null && !g.generated.isEmpty();
        List<FieldMeta> returning = writeBack ? g.generated : List.of();
        List<T> groupObjects = g.objects(list);
        for (int from = 0; from < groupObjects.size(); from += size) {
            int to = Math.min(groupObjects.size(), from + size);
            statements.add(insert(engine, meta, g, groupObjects, from, to, returning, oc, o.connection()));
        }
    }

    /**
     * The groups whose rows give a database-generated primary key explicitly, in the order of the call; none
     * when the key is not generated.
     */
    private static <T extends Model> List<Group<T>> explicitKeyGroups(ModelMeta meta, Collection<Group<T>> groups) {
        FieldMeta pk = meta.pk();
        if (!pk.generated()) {
            return List.of();
        }
        List<Group<T>> out = new ArrayList<>(1);
        for (Group<T> g : groups) {
            if (g.columns.contains(pk.column())) {
                out.add(g);
            }
        }
        return out;
    }

    /**
     * After rows with explicit values for a database-generated integer key, moves the key's generator past the
     * largest of them where the database does not (PostgreSQL sequences, H2 identities), as save() does; null
     * when there is nothing to move. One statement for all of {@code groups}.
     */
    private static <T extends Model> Mono<Void> advanceGeneratedKey(QueryEngine engine, ModelMeta meta,
                                                                    List<Group<T>> groups, List<T> list,
                                                                    String connection) {
        if (groups.isEmpty() || !engine.advancesGeneratedKeys(meta, connection)) {
            return null;
        }
        FieldMeta pk = meta.pk();
        Long max = null;
        for (Group<T> g : groups) {
            for (T m : g.objects(list)) {
                if (pk.get(m) instanceof Number n && !(n instanceof java.math.BigDecimal)
                        && (max == null || n.longValue() > max)) {
                    max = n.longValue();
                }
            }
        }
        if (max == null) {
            return null;
        }
        return engine.run(new CompiledQuery(new AdvanceGeneratedKey(meta.tableRef(), pk.column(), max), meta,
                connection, Operation.INSERT, new ResultShape.RowCount(), 0)).then();
    }

    private static Mono<Void> sequence(List<Mono<Void>> statements) {
        return Flux.fromIterable(statements).concatMap(s -> s).then();
    }

    private static <T extends Model> Mono<Void> insert(QueryEngine engine, ModelMeta meta, Group<T> g,
                                                       List<T> groupObjects, int from, int to, List<FieldMeta> returning, OnConflict oc,
                                                       String connection) {
        ColumnRows rows = g.rows.rows(from, to);
        List<String> returningCols = returning.stream().map(FieldMeta::column).toList();
        if (returning.isEmpty()) {
            Insert ins = new Insert(meta.tableRef(), g.columns, rows, returningCols, oc);
            return engine.run(new CompiledQuery(ins, meta, connection, Operation.INSERT, new ResultShape.RowCount(),
                    0)).then();
        }
        List<T> objects = groupObjects.subList(from, to);
        if (returning.size() == 1 && integerKey(returning.get(0))) {
            return insertIntegerKeys(engine, meta, new Insert(meta.tableRef(), g.columns, rows, returningCols, oc,
                    true), returning.get(0), objects, connection);
        }
        Insert ins = new Insert(meta.tableRef(), g.columns, rows, returningCols, oc);
        return engine.run(new CompiledQuery(ins, meta, connection, Operation.INSERT,
                new ResultShape.Returning(returning), 0))
                .collect(() -> new ArrayList<Object>(objects.size()), List::add).doOnNext(out -> {
                    checkKeyCount(meta, objects.size(), out.size());
                    // Each element is a row of the returned columns, in the order the rows were inserted
                    // (RETURNING and FINAL TABLE return them so): row i is object i's, whichever way its
                    // generator counts. Sorting them would give a descending generator's keys in reverse.
                    for (int i = 0; i < objects.size(); i++) {
                        Object[] values = (Object[]) out.get(i);
                        for (int c = 0; c < returning.size(); c++) {
                            returning.get(c).set(objects.get(i), values[c]);
                        }
                    }
                }).then();
    }

    /**
     * Whether a generated key reads as a SMALLINT, INTEGER or BIGINT and is one in Java, so that its
     * decimal text is the value.
     */
    private static boolean integerKey(FieldMeta key) {
        return integer(key.type().readClass()) && integer(key.type().javaType());
    }

    private static boolean integer(Class<?> c) {
        return c == Short.class || c == Integer.class || c == Long.class;
    }

    /**
     * An insert whose one integer key comes back as text ({@link Insert#keysAsText()}): one row of the
     * first row's key and the signed count when the keys step by one from row to row, or of every key joined
     * by commas, where the dialect aggregates them, else a row per key. Either way the keys come in the rows'
     * order, so object i gets the key of row i whatever way the generator counts: no row or {@code Object[]}
     * per inserted object.
     */
    private static <T extends Model> Mono<Void> insertIntegerKeys(QueryEngine engine, ModelMeta meta, Insert ins,
                                                                  FieldMeta key, List<T> objects,
                                                                  String connection) {
        KeyReader keys = new KeyReader(objects.size());
        return engine.run(new CompiledQuery(ins, meta, connection, Operation.INSERT, KEY_TEXT, 0))
                .doOnNext(keys::add)
                .then(Mono.fromRunnable(() -> {
                    checkKeyCount(meta, objects.size(), keys.count());
                    // The key's accessor and type taken once for the loop over every key (FieldMeta.set's one
                    // call site serves every field of every model).
                    Accessor accessor = Instances.accessor(key);
                    FieldType type = key.type();
                    Class<?> javaType = type.javaType();
                    keys.forEach((i, v) -> accessor.set(objects.get(i), type.fromDb(box(javaType, v))));
                }));
    }

    /** The one column of an {@link Insert#keysAsText()} insert's rows, as the driver returns it (text or a number). */
    private static final ResultShape KEY_TEXT = new ResultShape.Values(
            List.of(new ResultShape.Slot("key", null, null)), ResultShape.Values.Kind.FLAT);

    private static void checkKeyCount(ModelMeta meta, int inserted, int keys) {
        if (keys != inserted) {
            throw new IllegalStateException("bulk_create of " + meta.name() + " inserted " + inserted
                    + " rows but got " + keys + " generated keys back");
        }
    }

    /** Sets key number {@code index} (the key of the {@code index}-th inserted row) to {@code key}. */
    @FunctionalInterface
    interface KeySink {
        void set(int index, long key);
    }

    /**
     * Integer keys, in the order of the rows they were read from, read from rows that hold one key (a number
     * or its text), many keys' text joined by commas, or a range of keys that step by one as the first key's
     * text, a colon and the count, negative when they step down ({@code 101:1000} is 101 up to 1100,
     * {@code -10:-3} is -10, -11, -12). One text (PostgreSQL's one aggregated row) is kept as it is and read
     * at the end: a range is handed out from its two numbers; a list is read twice, first to count the keys,
     * then to hand them out: no array of keys unless they come as several rows. Nothing is sorted: the keys
     * go to the objects in the order the database returned their rows, which is the order it inserted them.
     */
    static final class KeyReader {
        /**
         * The longest text in which a range's colon is looked for: a first key of at most 20 characters
         * ({@code Long.MIN_VALUE}), so that a long list of keys is not searched for it.
         */
        private static final int RANGE_COLON_WITHIN = 21;
        /** The only row's text, while it is the only row. */
        private String text;
        private final int capacity;
        private long[] values;
        private int size;
        /** The text's first key and step (1 or -1) when it is a range, once {@link #count()} has read it. */
        private long rangeFirst;
        private int rangeStep;
        /** The text's count of keys when it is a range, once {@link #count()} has read it; else -1. */
        private int rangeCount = -1;

        KeyReader(int capacity) {
            this.capacity = Math.max(1, capacity);
        }

        void add(Object row) {
            // A flat row is a list of the one column's value.
            Object v = row instanceof List<?> l ? l.get(0) : row;
            if (v == null) {
                // string_agg of no rows.
                return;
            }
            if (v instanceof CharSequence cs && text == null && values == null) {
                text = cs.toString();
                return;
            }
            if (text != null) {
                parse(text);
                text = null;
            }
            if (v instanceof Number n) {
                push(n.longValue());
                return;
            }
            parse(v.toString());
        }

        /** How many keys were read. */
        int count() {
            if (text == null) {
                return size;
            }
            if (readRange(text)) {
                return rangeCount;
            }
            return scan(text, null);
        }

        /** Hands every key to {@code sink} in the order of the rows, numbered from 0; after {@link #count()}. */
        void forEach(KeySink sink) {
            if (text != null) {
                if (rangeCount >= 0) {
                    for (int i = 0; i < rangeCount; i++) {
                        sink.set(i, rangeFirst + (long) rangeStep * i);
                    }
                } else {
                    scan(text, sink);
                }
                return;
            }
            for (int i = 0; i < size; i++) {
                sink.set(i, values[i]);
            }
        }

        private void parse(String text) {
            if (readRange(text)) {
                for (int i = 0; i < rangeCount; i++) {
                    push(rangeFirst + (long) rangeStep * i);
                }
                rangeCount = -1;
                return;
            }
            scan(text, (i, v) -> push(v));
        }

        /**
         * Whether {@code text} is a range, {@code first:count} or {@code first:-count}; if so its first key, step
         * and count are kept in {@link #rangeFirst}, {@link #rangeStep} and {@link #rangeCount}. A count of 0
         * (no range is written for no keys) or a first key too close to either end of {@code long} to be
         * followed by the count's keys is a {@link NumberFormatException}, as a bad key in a list is.
         */
        private boolean readRange(String text) {
            int colon = -1;
            for (int i = 0, end = Math.min(text.length(), RANGE_COLON_WITHIN); i < end; i++) {
                if (text.charAt(i) == ':') {
                    colon = i;
                    break;
                }
            }
            if (colon < 0) {
                return false;
            }
            long first = Long.parseLong(text, 0, colon, 10);
            int signed = Integer.parseInt(text, colon + 1, text.length(), 10);
            int count = Math.abs(signed);
            if (signed == 0 || signed == Integer.MIN_VALUE
                    || (signed > 0 ? first > Long.MAX_VALUE - (count - 1) : first < Long.MIN_VALUE + (count - 1))) {
                throw new NumberFormatException("Not a range of keys: \"" + text + "\"");
            }
            rangeFirst = first;
            rangeStep = signed > 0 ? 1 : -1;
            rangeCount = count;
            return true;
        }

        /**
         * Reads every key of {@code text} in one pass, each as {@link #parseKey} reads it (the digits taken
         * while looking for the comma, so each character is read once, not twice), handing them in the
         * text's order to {@code sink} when there is one; returns how many there are.
         */
        static int scan(String text, KeySink sink) {
            int n = text.length();
            int count = 0;
            int start = 0;
            long v = 0;
            boolean plain = true;
            for (int i = 0; i <= n; i++) {
                int ch = i == n ? ',' : text.charAt(i);
                if (ch != ',') {
                    int d = ch - '0';
                    plain &= d >= 0 && d <= 9;
                    v = v * 10 + d;
                    continue;
                }
                // Anything but 1 to 18 decimal digits (a sign, a longer number, a stray character, nothing):
                // Long.parseLong reads it, or reports it.
                long key = plain && i > start && i - start <= 18 ? v : Long.parseLong(text, start, i, 10);
                if (sink != null) {
                    sink.set(count, key);
                }
                count++;
                start = i + 1;
                v = 0;
                plain = true;
            }
            return count;
        }

        /**
         * The integer written in {@code text} from {@code start} to {@code end}, as {@code Long.parseLong}
         * reads it: the decimal digits a key's text holds are read in one pass; anything else (a sign,
         * 19 digits or more, a stray character) goes to {@code Long.parseLong}, which also reports it.
         */
        static long parseKey(String text, int start, int end) {
            if (end - start > 18 || end == start) {
                return Long.parseLong(text, start, end, 10);
            }
            long v = 0;
            for (int i = start; i < end; i++) {
                int d = text.charAt(i) - '0';
                if (d < 0 || d > 9) {
                    return Long.parseLong(text, start, end, 10);
                }
                v = v * 10 + d;
            }
            return v;
        }

        private void push(long v) {
            if (values == null) {
                values = new long[capacity];
            } else if (size == values.length) {
                values = java.util.Arrays.copyOf(values, size * 2);
            }
            values[size++] = v;
        }
    }

    /** An integer key boxed straight to the field's Java type (which its fromDb returns as it is). */
    private static Object box(Class<?> type, long v) {
        if (type == Integer.class) {
            return Integer.valueOf((int) v);
        }
        if (type == Long.class) {
            return Long.valueOf(v);
        }
        return Short.valueOf((short) v);
    }

    /** The unique keys fully present among {@code columns}: the primary key, unique fields, unique_together. */
    private static List<List<String>> uniqueKeys(ModelMeta meta, List<String> columns) {
        Set<List<String>> keys = new LinkedHashSet<>();
        for (FieldMeta f : meta.columnFields()) {
            if ((f.primaryKey() || f.unique()) && columns.contains(f.column())) {
                keys.add(List.of(f.column()));
            }
        }
        for (List<String> together : meta.uniqueTogether()) {
            List<String> cols = columns(meta, together);
            if (columns.containsAll(cols)) {
                keys.add(cols);
            }
        }
        return new ArrayList<>(keys);
    }

    private static List<String> columns(ModelMeta meta, List<String> fieldNames) {
        List<String> out = new ArrayList<>();
        for (String name : fieldNames) {
            out.add(column(meta, name));
        }
        return out;
    }

    private static String column(ModelMeta meta, String name) {
        FieldMeta f = meta.field(name);
        if (!f.hasColumn() && f.relation() != null && f.relation().keyField() != null) {
            f = f.relation().keyField();
        }
        return f.column();
    }

    private static FieldMeta columnField(ModelMeta meta, String name) {
        FieldMeta f = meta.field(name);
        if (!f.hasColumn() && f.relation() != null && f.relation().keyField() != null) {
            f = f.relation().keyField();
        }
        if (!f.hasColumn()) {
            throw new ParamsError("Field " + name + " of " + meta.name() + " has no column and can't be bulk updated");
        }
        return f;
    }

    /**
     * The objects as an unmodifiable list of one copy of them, null elements refused as by {@code
     * List.copyOf} (which copies a collection that is not an immutable list twice).
     */
    private static <T> List<T> snapshot(Collection<T> objects) {
        return listOf(snapshotArray(objects));
    }

    /** The objects' one copy that {@link #snapshot} is a view of, null elements refused. */
    private static Object[] snapshotArray(Collection<?> objects) {
        Object[] array = objects.toArray();
        for (Object o : array) {
            java.util.Objects.requireNonNull(o);
        }
        return array;
    }

    /** The unmodifiable list view of a {@link #snapshotArray}. */
    @SuppressWarnings("unchecked")
    private static <T> List<T> listOf(Object[] array) {
        return (List<T>) java.util.Collections.unmodifiableList(java.util.Arrays.asList(array));
    }

    private static void checkBatchSize(Integer batchSize) {
        if (batchSize != null && batchSize <= 0) {
            throw new ParamsError("Batch size must be a positive integer.");
        }
    }

    /** The objects of one bulk_create that insert the same columns. */
    private static final class Group<T> {
        final List<String> columns;
        final List<FieldMeta> generated;
        /** Per column field, whether the group's rows skip it (the fields in {@link #generated}). */
        final boolean[] skipped;
        /** The group's objects, or null while they are the first {@link #count} of the call's list. */
        private List<T> objects;
        private int count;
        /** The database values of the objects' inserted columns, one array per column. */
        final ColumnRows.Builder rows;

        Group(List<String> columns, List<FieldMeta> generated, boolean[] skipped, ColumnRows.Builder rows,
              List<T> objects) {
            this.columns = columns;
            this.generated = generated;
            this.skipped = skipped;
            this.rows = rows;
            this.objects = objects;
        }

        void add(T m) {
            if (objects != null) {
                objects.add(m);
            }
            count++;
        }

        /** Copies the objects so far out of the call's list, before another group's objects follow them there. */
        void ownObjects(List<T> list) {
            if (objects == null) {
                objects = new ArrayList<>(list.subList(0, count));
            }
        }

        List<T> objects(List<T> list) {
            return objects != null ? objects : list.subList(0, count);
        }

        boolean skips(boolean[] row, int count) {
            return count == generated.size() && java.util.Arrays.equals(skipped, row);
        }
    }

    /**
     * bulk_update: one statement per batch that joins the table with the given rows (key + values),
     * {@code UPDATE t SET f = s.f FROM unnest(...) s WHERE t.pk = s.pk} on PostgreSQL, a MERGE on
     * H2: linear in the number of rows, where Tortoise's CASE-per-column form is quadratic.
     * Returns the number of rows updated.
     */
    static <T extends Model> Mono<Long> update(QueryEngine engine, ModelMeta meta, Collection<T> objects,
                                               List<String> fieldNames, Integer batchSize, String connection) {
        return Mono.defer(() -> {
            checkBatchSize(batchSize);
            if (fieldNames == null || fieldNames.isEmpty()) {
                throw new ParamsError("Field names must be given to bulk_update().");
            }
            List<T> list = snapshot(objects);
            FieldMeta pk = meta.pk();
            for (T m : list) {
                if (pk.get(m) == null) {
                    throw new ParamsError("All bulk_update() objects must have a primary key set.");
                }
            }
            List<FieldMeta> fields = new ArrayList<>();
            for (String name : fieldNames) {
                FieldMeta f = columnField(meta, name);
                if (f.primaryKey()) {
                    throw new ParamsError("bulk_update() cannot be used with primary key fields.");
                }
                if (!fields.contains(f)) {
                    fields.add(f);
                }
            }
            if (list.isEmpty()) {
                return Mono.just(0L);
            }
            int perObject = 1 + fields.size();
            int size = Math.max(1, engine.maxBindParameters(meta, connection) / perObject);
            if (batchSize != null) {
                size = Math.min(size, batchSize);
            }
            List<String> columns = fields.stream().map(FieldMeta::column).toList();
            // The key first, then the set columns: the rows' bind types and column types, from the fields.
            List<Class<?>> types = new ArrayList<>(perObject);
            List<ColumnType> columnTypes = new ArrayList<>(perObject);
            types.add(pk.type().bindClass());
            columnTypes.add(pk.type().columnType());
            for (FieldMeta f : fields) {
                types.add(f.type().bindClass());
                columnTypes.add(f.type().columnType());
            }
            List<Mono<Long>> statements = new ArrayList<>();
            for (int from = 0; from < list.size(); from += size) {
                List<T> batch = list.subList(from, Math.min(list.size(), from + size));
                ColumnRows.Builder rows = ColumnRows.builder(types, columnTypes, batch.size());
                for (T m : batch) {
                    rows.set(0, pk.type().toDb(pk.get(m)));
                    for (int c = 0; c < fields.size(); c++) {
                        FieldMeta f = fields.get(c);
                        Object v = f.get(m);
                        f.validate(v);
                        rows.set(c + 1, f.type().toDb(v));
                    }
                    rows.endRow();
                }
                UpdateRows update = new UpdateRows(meta.tableRef(), pk.column(), columns,
                        rows.rows(0, rows.size()).bindRows());
                statements.add(engine.run(new CompiledQuery(update, meta, connection, Operation.UPDATE,
                        new ResultShape.RowCount(), 0)).singleOrEmpty().map(n -> (Long) n));
            }
            if (statements.size() == 1 && engine.atomicStatements(meta, connection)) {
                return statements.get(0);
            }
            return engine.atomic(meta, connection, () -> Flux.fromIterable(statements).concatMap(s -> s)
                    .reduce(0L, Long::sum)).singleOrEmpty();
        });
    }
}
