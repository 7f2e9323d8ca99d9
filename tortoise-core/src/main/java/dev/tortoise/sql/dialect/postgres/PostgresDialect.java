package dev.tortoise.sql.dialect.postgres;

import dev.tortoise.sql.ast.Bind;
import dev.tortoise.sql.ast.ColumnRows;
import dev.tortoise.sql.ast.ColumnType;
import dev.tortoise.sql.ast.DatePart;
import dev.tortoise.sql.ast.DialectOp;
import dev.tortoise.sql.ast.Expr;
import dev.tortoise.sql.ast.InList;
import dev.tortoise.sql.ast.Insert;
import dev.tortoise.sql.ast.OnConflict;
import dev.tortoise.sql.ast.UpdateRows;
import dev.tortoise.sql.dialect.Dialect;
import dev.tortoise.sql.dialect.SqlLiterals;
import dev.tortoise.sql.dialect.ErrorCategory;
import dev.tortoise.sql.dialect.SqlWriter;
import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.List;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.Set;
import java.util.UUID;

/**
 * PostgreSQL: {@code $n} markers, RETURNING, ON CONFLICT, jsonb, arrays for IN lists
 * ({@code = ANY($1)}) and for the rows of multi-row inserts and updates ({@code unnest}).
 */
final class PostgresDialect implements Dialect {
    static final PostgresDialect INSTANCE = new PostgresDialect();
    /** The aliases of the updated table and the given rows in a many-row UPDATE. */
    private static final String TARGET = "t";
    private static final String SOURCE = "s";
    /** The name of an insert's returned rows when they are aggregated ({@link Insert#keysAsText()}). */
    private static final String INSERTED = "i";

    /** The longest text {@link #needsEscape} reads char by char. */
    private static final int SHORT_TEXT = 16;

    private static final Set<Class<?>> ARRAY_ELEMENTS = Set.of(
            Short.class, Integer.class, Long.class, String.class, UUID.class, Double.class, Boolean.class,
            BigDecimal.class);

    /**
     * Element types r2dbc-postgresql 1.1.1 binds as arrays correctly, nulls included (checked against
     * PostgreSQL 15, text and binary): the IN-list types plus the temporal ones. Not byte[]: a
     * {@code byte[][]} reaches the server as the text of its hex, so bytea columns keep VALUES.
     */
    private static final Set<Class<?>> ROW_ARRAY_ELEMENTS = Set.of(
            Short.class, Integer.class, Long.class, String.class, UUID.class, Double.class, Boolean.class,
            BigDecimal.class, OffsetDateTime.class, LocalDateTime.class, LocalDate.class, LocalTime.class);

    private PostgresDialect() {
    }

    @Override
    public String name() {
        return "postgres";
    }

    @Override
    public String bindMarker(int index) {
        return "$" + (index + 1);
    }

    @Override
    public String nativeTypeName(ColumnType t) {
        return switch (t.kind()) {
            case BOOLEAN -> "BOOL";
            case TIMESTAMP_TZ -> "TIMESTAMPTZ";
            case JSON -> "JSONB";
            case BINARY -> "BYTEA";
            default -> null;
        };
    }

    @Override
    public String generatedKeyDefinition(ColumnType t) {
        return switch (t.kind()) {
            case SMALLINT -> "SMALLSERIAL NOT NULL PRIMARY KEY";
            case BIGINT -> "BIGSERIAL NOT NULL PRIMARY KEY";
            default -> "SERIAL NOT NULL PRIMARY KEY";
        };
    }

    @Override
    public String extractTemplate(DatePart part) {
        return switch (part) {
            // EXTRACT(MICROSECONDS) counts the seconds too; keep only the fraction, as Python's .microsecond.
            case MICROSECOND -> "MOD(CAST(EXTRACT(MICROSECONDS FROM %s) AS BIGINT),1000000)";
            case SECOND -> "FLOOR(EXTRACT(SECOND FROM %s))";
            default -> "EXTRACT(" + part.name() + " FROM %s)";
        };
    }

    @Override
    public String template(DialectOp.Kind kind) {
        return switch (kind) {
            case POSIX_REGEX -> "{0} ~ {1}";
            case IPOSIX_REGEX -> "{0} ~* {1}";
            // websearch_to_tsquery reads any input (quotes, or, -) without a syntax error, unlike to_tsquery
            case SEARCH -> "to_tsvector({0}) @@ websearch_to_tsquery({1})";
            case JSON_CONTAINS -> "{0} @> {1}";
            case JSON_CONTAINED_BY -> "{0} <@ {1}";
            case JSON_PATH_TEXT -> "{0} #>> CAST({path} AS TEXT[])";
            case JSON_PATH -> "{0} #> CAST({path} AS TEXT[])";
        };
    }

    @Override
    public String bindCast(ColumnType type) {
        return type.kind() == ColumnType.Kind.JSON ? "JSONB" : null;
    }

    @Override
    public String addConstraintIfNotExists(String alterSql, String constraintName) {
        // PostgreSQL has no ADD CONSTRAINT IF NOT EXISTS; a DO block checks the catalogue first.
        return "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = '"
                + constraintName.replace("'", "''") + "') THEN " + alterSql + "; END IF; END $$";
    }

    /**
     * As the standard literal, except bytea in its hex input form and arrays as an untyped
     * {@code '{...}'} literal, which PostgreSQL types from its context (so an IN list on a uuid or
     * varchar column inlines as {@code =ANY('{"a","b"}')}).
     */
    @Override
    public String literal(Object value) {
        if (value instanceof byte[] bytes) {
            return "'\\x" + java.util.HexFormat.of().formatHex(bytes) + "'::bytea";
        }
        if (value != null && value.getClass().isArray()) {
            StringBuilder sb = new StringBuilder("{");
            for (int i = 0; i < java.lang.reflect.Array.getLength(value); i++) {
                Object e = java.lang.reflect.Array.get(value, i);
                sb.append(i > 0 ? "," : "").append(e == null ? "NULL"
                        : '"' + e.toString().replace("\\", "\\\\").replace("\"", "\\\"") + '"');
            }
            return SqlLiterals.string(sb.append('}').toString());
        }
        return Dialect.super.literal(value);
    }

    @Override
    public String explainPrefix() {
        return "EXPLAIN (FORMAT JSON, VERBOSE) ";
    }

    /**
     * Rows as one array per column ({@code SELECT * FROM unnest(CAST($1 AS t1[]), ...)}) when
     * {@link #insertsRowsAsArrays()} allows it for every column, else VALUES rows. A column that
     * holds one value for all rows ({@link ColumnRows#shared}) is bound once, as a scalar in the
     * select list: {@code SELECT "s"."a",CAST($1 AS t2),"s"."c" FROM unnest(...) AS "s" ("a","c")}.
     */
    @Override
    public void writeInsertRows(Insert ins, SqlWriter w) {
        if (columnar(ins)) {
            if (ins.rows() instanceof ColumnRows cr) {
                if (cr.anyShared() && !allShared(cr)) {
                    sharedSelect(ins.columns(), cr, w);
                } else {
                    w.sql(" SELECT * FROM ");
                    unnest(cr, false, w);
                }
                return;
            }
            w.sql(" SELECT * FROM ");
            List<List<Bind>> rows = new ArrayList<>(ins.rows().size());
            for (List<Expr> row : ins.rows()) {
                rows.add(row.stream().map(Bind.class::cast).toList());
            }
            unnest(rows, ins.columns().size(), w);
        } else {
            Dialect.super.writeInsertRows(ins, w);
        }
    }

    /**
     * {@code INSERT ... RETURNING cols}; with {@link Insert#keysAsText()} one row of one text column, the
     * first row's key and the count ({@code 101:1000}), the count negated when the keys step down
     * ({@code -10:-1000}), when the keys are consecutive and the first row's is the least or the greatest,
     * else every key joined by commas in the rows' order, NULL for no rows:
     * {@code WITH "i" AS (INSERT ... RETURNING "id") SELECT CASE WHEN CAST(max("id") AS NUMERIC)-min("id")=count(*)-1
     * AND min("id")=(SELECT "id" FROM "i" LIMIT 1) THEN CAST(min("id") AS TEXT)||':'||CAST(count(*) AS TEXT)
     * WHEN CAST(max("id") AS NUMERIC)-min("id")=count(*)-1 AND max("id")=(SELECT "id" FROM "i" LIMIT 1)
     * THEN CAST(max("id") AS TEXT)||':-'||CAST(count(*) AS TEXT) ELSE (SELECT string_agg(CAST("id" AS TEXT),',')
     * FROM "i") END FROM "i"}.
     * One result row however many rows were inserted (the driver decodes one row per returned row, which
     * cost more than the insert's own arrays), and in the usual case a few characters instead of every
     * key's: the client neither decodes nor parses them. Consecutive means exactly the range from the least
     * to the greatest key because the keys of one insert are distinct (a primary key). The difference is
     * taken in NUMERIC, so keys at either end of their type cannot overflow it; the list's subquery is a
     * CASE branch, evaluated only when taken, and the data-modifying CTE runs once however often it is read.
     *
     * <p>The rows' order is the insert's: the one loop that inserts the rows of the unnest (or VALUES) in
     * their order, calling the key's default for each, returns them (PostgreSQL does not document it; its
     * executor works so, and the RETURNING clause cannot name the source's ordinal to do without it). The
     * CTE is read in that order, by the list and by the first-row subquery. A sequence (serial, identity)
     * counts one way, so consecutive keys whose first is the least ascend row by row and those whose first
     * is the greatest descend; a generator that hands out consecutive keys in another order (not a sequence,
     * nor one that cycles within one statement) would need a window over every row to tell, which costs
     * the usual case about as much again as the read-back, and is not paid.
     */
    @Override
    public void writeReturningInsert(Insert ins, SqlWriter w) {
        if (ins.keysAsText()) {
            w.sql("WITH ").identifier(INSERTED).sql(" AS (");
        }
        writeInsertBody(ins, w);
        w.sql(" RETURNING ").columns(ins.returning());
        if (ins.keysAsText()) {
            String key = ins.returning().get(0);
            w.sql(") SELECT CASE");
            consecutiveFrom("min", key, w);
            w.sql(" THEN CAST(min(").identifier(key).sql(") AS TEXT)||':'||CAST(count(*) AS TEXT)");
            consecutiveFrom("max", key, w);
            w.sql(" THEN CAST(max(").identifier(key).sql(") AS TEXT)||':-'||CAST(count(*) AS TEXT)")
                    .sql(" ELSE (SELECT string_agg(CAST(").identifier(key).sql(" AS TEXT),',') FROM ")
                    .identifier(INSERTED).sql(") END FROM ").identifier(INSERTED);
        }
    }

    /**
     * {@code  WHEN <keys consecutive> AND end("key")=<first row's key>}: the keys are consecutive and the first
     * inserted row holds the least ({@code min}) or greatest ({@code max}) of them.
     */
    private static void consecutiveFrom(String end, String key, SqlWriter w) {
        w.sql(" WHEN CAST(max(").identifier(key).sql(") AS NUMERIC)-min(").identifier(key).sql(")=count(*)-1 AND ")
                .sql(end).sql("(").identifier(key).sql(")=(SELECT ").identifier(key).sql(" FROM ")
                .identifier(INSERTED).sql(" LIMIT 1)");
    }

    /** {@code INSERT ... ON CONFLICT [(cols)] DO NOTHING | DO UPDATE SET c=EXCLUDED.c [RETURNING cols]}. */
    @Override
    public void writeUpsert(Insert ins, SqlWriter w) {
        writeInsertBody(ins, w);
        OnConflict oc = ins.onConflict();
        w.sql(" ON CONFLICT");
        if (!oc.conflictColumns().isEmpty()) {
            w.sql(" (").columns(oc.conflictColumns()).sql(")");
        }
        if (oc.doNothing()) {
            w.sql(" DO NOTHING");
        } else {
            w.sql(" DO UPDATE SET ");
            List<String> up = oc.updateColumns();
            for (int i = 0; i < up.size(); i++) {
                if (i > 0) {
                    w.sql(",");
                }
                w.identifier(up.get(i)).sql("=EXCLUDED.").identifier(up.get(i));
            }
        }
        if (!ins.returning().isEmpty()) {
            w.sql(" RETURNING ").columns(ins.returning());
        }
    }

    /**
     * {@code UPDATE t SET c=s.c FROM <rows> AS s (key, cols) WHERE t.key=s.key}, the rows as an
     * unnest of one array per column where every column can go as one, else a VALUES table.
     */
    @Override
    public void writeUpdateRows(UpdateRows u, SqlWriter w) {
        List<String> all = new ArrayList<>();
        all.add(u.keyColumn());
        all.addAll(u.columns());
        w.sql("UPDATE ").table(u.table()).sql(" ").identifier(TARGET).sql(" SET ");
        for (int i = 0; i < u.columns().size(); i++) {
            if (i > 0) {
                w.sql(",");
            }
            w.identifier(u.columns().get(i)).sql("=").qualified(SOURCE, u.columns().get(i));
        }
        w.sql(" FROM ");
        ColumnRows arrays = (Object) u.rows() instanceof ColumnRows cr ? cr : null;
        if (arrays != null ? columnar(arrays) : columnar(u.rows(), all.size())) {
            if (arrays != null) {
                unnest(arrays, false, w);
            } else {
                unnest(u.rows(), all.size(), w);
            }
        } else {
            w.sql("(VALUES ");
            for (int r = 0; r < u.rows().size(); r++) {
                w.sql(r > 0 ? ",(" : "(");
                List<Bind> row = u.rows().get(r);
                for (int c = 0; c < all.size(); c++) {
                    if (c > 0) {
                        w.sql(",");
                    }
                    w.typedBind(row.get(c));
                }
                w.sql(")");
            }
            w.sql(")");
        }
        w.sql(" AS ").identifier(SOURCE).sql(" (").columns(all).sql(") WHERE ")
                .qualified(TARGET, u.keyColumn()).sql("=").qualified(SOURCE, u.keyColumn());
    }

    /** {@code expr = ANY($1)} (or {@code <> ALL}) with the list as one array, where the driver binds one. */
    @Override
    public void writeInList(InList in, SqlWriter w) {
        if (!bindsInListAsArray(in.elementType())) {
            Dialect.super.writeInList(in, w);
            return;
        }
        Class<?> arrayType = in.elementType().arrayType();
        int slots = 0;
        for (Bind b : in.values()) {
            if (b.isSlot()) {
                slots++;
            }
        }
        Bind bind;
        if (slots == in.values().size()) {
            // The values are bound beside the tree: the array is made of their slots at execution.
            int[] elements = new int[slots];
            for (int i = 0; i < slots; i++) {
                elements[i] = in.values().get(i).slot();
            }
            bind = Bind.slots(elements, arrayType);
        } else if (slots == 0) {
            Object array = Array.newInstance(in.elementType(), in.values().size());
            for (int i = 0; i < in.values().size(); i++) {
                Array.set(array, i, in.values().get(i).value());
            }
            bind = new Bind(array, arrayType, null);
        } else {
            Dialect.super.writeInList(in, w);
            return;
        }
        w.expr(in.expr()).sql(in.negated() ? "<>ALL(" : "=ANY(").bind(bind).sql(")");
    }

    /** Class 57P (operator intervention: shutdown, cannot connect now) means the connection is gone. */
    @Override
    public ErrorCategory classifyError(String sqlState, int vendorCode) {
        if (sqlState.startsWith("57P")) {
            return ErrorCategory.CONNECTION;
        }
        if (sqlState.equals("55P03")) {
            return ErrorCategory.LOCK_TIMEOUT;
        }
        return Dialect.super.classifyError(sqlState, vendorCode);
    }

    /** Whether the insert's rows go as one array per column (see {@link #insertsRowsAsArrays()}). */
    private boolean columnar(Insert ins) {
        return ins.rows() instanceof ColumnRows cr ? columnar(cr) : columnar(ins.rows(), ins.columns().size());
    }

    /**
     * Whether given rows of binds go as one array per column: each column all binds of one type
     * with a column type the driver binds as an array, and all values or all slots (see unnest).
     */
    private boolean columnar(List<? extends List<? extends Expr>> rows, int width) {
        if (!insertsRowsAsArrays() || rows.size() < 2) {
            return false;
        }
        for (int c = 0; c < width; c++) {
            if (!(rows.get(0).get(c) instanceof Bind first)) {
                return false;
            }
            for (List<? extends Expr> row : rows) {
                if (!(row.get(c) instanceof Bind b) || b.columnType() == null || b.type() != first.type()
                        || b.elements() != null || b.isSlot() != first.isSlot()) {
                    return false;
                }
            }
            if (rowsArrayType(first.columnType(), first.type()) == null) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether rows held as column arrays go as arrays: decided per column from its bind type and
     * column type (the field's), never from the values.
     */
    private boolean columnar(ColumnRows rows) {
        if (!insertsRowsAsArrays() || rows.size() < 2) {
            return false;
        }
        for (int c = 0; c < rows.width(); c++) {
            if (!rows.typed(c) || rows.columnType(c) == null
                    || rowsArrayType(rows.columnType(c), rows.type(c)) == null) {
                return false;
            }
        }
        return true;
    }

    /** Whether every column of the rows holds one value for all of them (then there is nothing to unnest). */
    private static boolean allShared(ColumnRows rows) {
        for (int c = 0; c < rows.width(); c++) {
            if (!rows.shared(c)) {
                return false;
            }
        }
        return true;
    }

    /**
     * {@code SELECT "s"."a",CAST($1 AS t2),... FROM unnest(...) AS "s" ("a",...)}: the columns in
     * the insert's order, each shared column bound once as a scalar, the others unnested.
     */
    private void sharedSelect(List<String> columns, ColumnRows rows, SqlWriter w) {
        w.sql(" SELECT ");
        List<String> unnested = new ArrayList<>(columns.size());
        for (int c = 0; c < rows.width(); c++) {
            if (c > 0) {
                w.sql(",");
            }
            if (rows.shared(c)) {
                w.sql("CAST(").bind(new Bind(rows.sharedValue(c), rows.type(c), null))
                        .sql(" AS ").sql(typeName(rows.columnType(c))).sql(")");
            } else {
                w.qualified(SOURCE, columns.get(c));
                unnested.add(columns.get(c));
            }
        }
        w.sql(" FROM ");
        unnest(rows, true, w);
        w.sql(" AS ").identifier(SOURCE).sql(" (").columns(unnested).sql(")");
    }

    /**
     * {@code unnest(CAST($1 AS t1[]), ...)}: each column's array bound as it is, or as its text
     * ({@link #arrayLiteral}); shared columns left out when {@code skipShared}, else bound as an
     * array of their value.
     */
    private void unnest(ColumnRows rows, boolean skipShared, SqlWriter w) {
        w.sql("unnest(");
        boolean first = true;
        for (int c = 0; c < rows.width(); c++) {
            if (skipShared && rows.shared(c)) {
                continue;
            }
            if (!first) {
                w.sql(",");
            }
            first = false;
            Object[] array = rows.array(c);
            String literal = arrayLiteral(array);
            Bind bind = literal != null ? new Bind(literal, String.class, null) : new Bind(array, array.getClass(), null);
            w.sql("CAST(").bind(bind).sql(" AS ").sql(rowsArrayType(rows.columnType(c), rows.type(c))).sql(")");
        }
        w.sql(")");
    }

    /**
     * A text or integer column's values as the text of a PostgreSQL array ({@code {"a","b\"c",NULL}},
     * {@code {1,-2,NULL}}), which the same {@code CAST($n AS t[])} reads as the driver's array would
     * bind (text to any type is an explicit cast through the type's input); null for other element
     * types. One text per column: r2dbc-postgresql 1.1.1 encodes a {@code String[]} or {@code
     * Short[]} element by element, a builder and a string per element, which cost as much as the rest
     * of a bulk insert.
     */
    static String arrayLiteral(Object[] array) {
        if (array instanceof String[] texts) {
            return textArrayLiteral(texts);
        }
        if (array instanceof Short[] || array instanceof Integer[] || array instanceof Long[]) {
            return numberArrayLiteral(array);
        }
        return null;
    }

    /**
     * {@link #arrayLiteral} of texts. Sized exactly first, so the builder never grows nor holds unused room;
     * that pass also looks for quotes and backslashes once per text, so that when no text has any (nearly
     * always) the writing pass copies every text whole without looking again.
     */
    private static String textArrayLiteral(String[] array) {
        int length = 2 + Math.max(0, array.length - 1);
        int escapes = 0;
        for (String s : array) {
            if (s == null) {
                length += 4;
            } else {
                length += s.length() + 2;
                if (needsEscape(s)) {
                    escapes += escapes(s);
                }
            }
        }
        StringBuilder sb = new StringBuilder(length + escapes).append('{');
        for (int r = 0; r < array.length; r++) {
            if (r > 0) {
                sb.append(',');
            }
            String s = array[r];
            if (s == null) {
                sb.append("NULL");
            } else if (escapes != 0 && needsEscape(s)) {
                sb.append('"');
                for (int i = 0; i < s.length(); i++) {
                    char ch = s.charAt(i);
                    if (ch == '"' || ch == '\\') {
                        sb.append('\\');
                    }
                    sb.append(ch);
                }
                sb.append('"');
            } else {
                // Copied whole: a bulk copy costs a fraction of appending char by char.
                sb.append('"').append(s).append('"');
            }
        }
        return sb.append('}').toString();
    }

    /**
     * {@link #arrayLiteral} of integers, sized exactly first; a value within int range is written by
     * {@code append(int)}, which divides ints where {@code append(long)} divides longs, a one-digit value
     * as its char.
     */
    private static String numberArrayLiteral(Object[] array) {
        int length = 2 + Math.max(0, array.length - 1);
        for (Object v : array) {
            length += v == null ? 4 : characters(((Number) v).longValue());
        }
        StringBuilder sb = new StringBuilder(length).append('{');
        for (int r = 0; r < array.length; r++) {
            if (r > 0) {
                sb.append(',');
            }
            Object v = array[r];
            if (v == null) {
                sb.append("NULL");
                continue;
            }
            long n = ((Number) v).longValue();
            if (n >= 0 && n < 10) {
                sb.append((char) ('0' + n));
            } else if (n == (int) n) {
                sb.append((int) n);
            } else {
                sb.append(n);
            }
        }
        return sb.append('}').toString();
    }

    /**
     * Whether a text holds a quote or a backslash, which its array element escapes: a short text (as a
     * bulk insert's texts mostly are) is looked at char by char, where {@code indexOf}'s vectorised search
     * costs more to start than it saves, a longer one with {@code indexOf}.
     */
    private static boolean needsEscape(String s) {
        int n = s.length();
        if (n > SHORT_TEXT) {
            return s.indexOf('"') >= 0 || s.indexOf('\\') >= 0;
        }
        for (int i = 0; i < n; i++) {
            char ch = s.charAt(i);
            if (ch == '"' || ch == '\\') {
                return true;
            }
        }
        return false;
    }

    /** How many quotes and backslashes a text holds: the backslashes its array element adds. */
    private static int escapes(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch == '"' || ch == '\\') {
                n++;
            }
        }
        return n;
    }

    /** How many characters {@code StringBuilder.append(long)} writes for {@code v}. */
    static int characters(long v) {
        if (v == Long.MIN_VALUE) {
            return 20;
        }
        int n = 1;
        if (v < 0) {
            n++;
            v = -v;
        }
        while (v >= 10) {
            v /= 10;
            n++;
        }
        return n;
    }

    /** {@code unnest(CAST($1 AS t1[]), ...)}: one array parameter per column. */
    private void unnest(List<List<Bind>> rows, int width, SqlWriter w) {
        w.sql("unnest(");
        for (int c = 0; c < width; c++) {
            if (c > 0) {
                w.sql(",");
            }
            Bind first = rows.get(0).get(c);
            Bind bind;
            if (first.isSlot()) {
                // Values bound beside the tree: the column's array is made of their slots at execution (a slot
                // bind holds no value: reading value() here would send an array of nulls).
                int[] elements = new int[rows.size()];
                for (int r = 0; r < rows.size(); r++) {
                    elements[r] = rows.get(r).get(c).slot();
                }
                bind = Bind.slots(elements, first.type().arrayType());
            } else {
                Object[] array = (Object[]) Array.newInstance(first.type(), rows.size());
                for (int r = 0; r < rows.size(); r++) {
                    array[r] = rows.get(r).get(c).value();
                }
                String literal = arrayLiteral(array);
                bind = literal != null ? new Bind(literal, String.class, null) : new Bind(array, array.getClass(), null);
            }
            w.sql("CAST(").bind(bind).sql(" AS ").sql(rowsArrayType(first.columnType(), first.type())).sql(")");
        }
        w.sql(")");
    }

    @Override
    public boolean bindsInListAsArray(Class<?> elementType) {
        return ARRAY_ELEMENTS.contains(elementType);
    }

    @Override
    public boolean insertsRowsAsArrays() {
        return true;
    }

    /**
     * Every column type whose values bind as one of {@link #ROW_ARRAY_ELEMENTS}; JSON goes as a text
     * array cast to {@code JSONB[]}, element by element the same as {@code CAST($n AS JSONB)}.
     */
    @Override
    public String rowsArrayType(ColumnType type, Class<?> elementType) {
        return ROW_ARRAY_ELEMENTS.contains(elementType) ? typeName(type) + "[]" : null;
    }

    @Override
    public int maxBindParameters() {
        return 65_535;
    }

    @Override
    public boolean drainsResultOnCancel() {
        return true;
    }

    @Override
    public boolean errorAbortsTransaction() {
        return true;
    }

    /**
     * A SERIAL or IDENTITY column's sequence is not moved by an explicit key. {@code nextval} runs
     * first (CASE evaluates in order) and {@code setval} only when the key is at or past it, so the
     * sequence only moves forwards; a column without a sequence makes both NULL, a no-op.
     */
    @Override
    public String advanceGeneratedKeyTemplate() {
        return "SELECT CASE WHEN CAST({value} AS BIGINT) >= nextval(pg_get_serial_sequence({tableText}, {columnName})) "
                + "THEN setval(pg_get_serial_sequence({tableText}, {columnName}), CAST({value} AS BIGINT)) END";
    }
}
