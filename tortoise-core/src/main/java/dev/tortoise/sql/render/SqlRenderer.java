package dev.tortoise.sql.render;

import dev.tortoise.exception.UnSupportedError;
import dev.tortoise.sql.ast.AddForeignKey;
import dev.tortoise.sql.ast.AlterTable;
import dev.tortoise.sql.ast.AdvanceGeneratedKey;
import dev.tortoise.sql.ast.Aggregate;
import dev.tortoise.sql.ast.AliasRef;
import dev.tortoise.sql.ast.Assignment;
import dev.tortoise.sql.ast.Between;
import dev.tortoise.sql.ast.Binary;
import dev.tortoise.sql.ast.Bind;
import dev.tortoise.sql.ast.BoolConst;
import dev.tortoise.sql.ast.BoundStatement;
import dev.tortoise.sql.ast.CaseWhen;
import dev.tortoise.sql.ast.Cast;
import dev.tortoise.sql.ast.Column;
import dev.tortoise.sql.ast.ColumnRows;
import dev.tortoise.sql.ast.ColumnDef;
import dev.tortoise.sql.ast.CommentOn;
import dev.tortoise.sql.ast.CreateIndex;
import dev.tortoise.sql.ast.CreateTable;
import dev.tortoise.sql.ast.Delete;
import dev.tortoise.sql.ast.DialectOp;
import dev.tortoise.sql.ast.DropIndex;
import dev.tortoise.sql.ast.DropTable;
import dev.tortoise.sql.ast.Explain;
import dev.tortoise.sql.ast.Expr;
import dev.tortoise.sql.ast.ExprVisitor;
import dev.tortoise.sql.ast.Extract;
import dev.tortoise.sql.ast.ForeignKeyDef;
import dev.tortoise.sql.ast.Func;
import dev.tortoise.sql.ast.InList;
import dev.tortoise.sql.ast.InSubquery;
import dev.tortoise.sql.ast.Insert;
import dev.tortoise.sql.ast.IsNull;
import dev.tortoise.sql.ast.Join;
import dev.tortoise.sql.ast.Junction;
import dev.tortoise.sql.ast.Like;
import dev.tortoise.sql.ast.Negate;
import dev.tortoise.sql.ast.Not;
import dev.tortoise.sql.ast.OrderItem;
import dev.tortoise.sql.ast.Raw;
import dev.tortoise.sql.ast.RawStatement;
import dev.tortoise.sql.ast.RenameIndex;
import dev.tortoise.sql.ast.Select;
import dev.tortoise.sql.ast.SelectItem;
import dev.tortoise.sql.ast.Star;
import dev.tortoise.sql.ast.Statement;
import dev.tortoise.sql.ast.StatementTemplate;
import dev.tortoise.sql.ast.StatementVisitor;
import dev.tortoise.sql.ast.SubqueryExpr;
import dev.tortoise.sql.ast.TableRef;
import dev.tortoise.sql.ast.Update;
import dev.tortoise.sql.ast.UpdateRows;
import dev.tortoise.sql.dialect.Dialect;
import dev.tortoise.sql.dialect.SqlWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders a statement tree to SQL text and bind values for one {@link Dialect}. Values only
 * ever become bind markers; identifiers are quoted by the dialect.
 *
 * <p>The text of a query, insert, update or delete is kept per statement shape (the tree without
 * its bind values: see {@link Bind#equals}) in a bounded least-recently-used cache. A statement
 * built with {@link Bind#slot slots} (its values bound beside it: a {@link BoundStatement} of a
 * {@link StatementTemplate#oneOff one-off template}, as compiled querysets are) keeps its markers
 * there too, so a statement of a shape already seen is hashed and looked up, and nothing more; one
 * whose binds carry values collects them by the same walk with the text left out. The text depends
 * on nothing but the shape: wherever a value decides the text (a NULL compared as IS NULL, an
 * empty IN list, an IN list expanded per element, a limit present or not), the compiled tree
 * already differs.
 *
 * <p>A {@link StatementTemplate} (a statement built once, whose values are bound beside it as an
 * array: {@link BoundStatement}) keeps its text itself, for the renderer that last wrote it: running
 * it again looks nothing up and walks nothing, the markers' values are read through their slots.
 */
public final class SqlRenderer {
    /** The default number of statement shapes whose text is kept ({@code tortoise.statement-cache-size}). */
    public static final int DEFAULT_CACHE_SIZE = 1024;
    /**
     * Statements with more values than this (binds, IN-list elements, inserted cells) are not kept:
     * such shapes rarely repeat, and a cache key holds its statement tree (with the values of binds
     * that are not slots).
     */
    private static final int CACHED_WEIGHT = 512;
    /** Characters or bytes of one value beyond which its statement is not kept (see {@link #large}). */
    private static final int LARGE_VALUE = 4096;

    /** Bind markers kept per renderer: statements with more binds than this build the rest each time. */
    private static final int CACHED_MARKERS = 256;
    /** Quoted identifiers kept per renderer; beyond this (generated names?) identifiers are quoted each time. */
    private static final int CACHED_IDENTIFIERS = 4096;

    private final Dialect dialect;
    /**
     * The dialect's quoted form of each identifier seen, so that rendering a query does not rebuild
     * the same quoted table and column names every time (quoting is a pure function of the name).
     */
    private final java.util.concurrent.ConcurrentHashMap<String, String> quoted =
            new java.util.concurrent.ConcurrentHashMap<>();
    /** The dialect's bind marker per index ({@code $1}, {@code ?}), built on first use (a pure function too). */
    private final String[] markers = new String[CACHED_MARKERS];
    /** Limit/offset clauses for bind indices below this are kept (see {@link #limitOffset(int, int)}). */
    private static final int CACHED_CLAUSE_INDEX = 32;
    private final String[] limitOffsets = new String[(CACHED_CLAUSE_INDEX + 1) * (CACHED_CLAUSE_INDEX + 1)];

    /** Statement texts per shape, or null when caching is off. */
    private final StatementCache cache;
    private final java.util.concurrent.atomic.LongAdder rendered = new java.util.concurrent.atomic.LongAdder();
    private final java.util.concurrent.atomic.LongAdder reused = new java.util.concurrent.atomic.LongAdder();
    private final java.util.concurrent.atomic.LongAdder walked = new java.util.concurrent.atomic.LongAdder();

    /** A renderer keeping the text of {@link #DEFAULT_CACHE_SIZE} statement shapes. */
    public SqlRenderer(Dialect dialect) {
        this(dialect, DEFAULT_CACHE_SIZE);
    }

    /**
     * A renderer keeping the text of up to {@code cacheSize} statement shapes (0: none, every
     * statement is rendered in full).
     */
    public SqlRenderer(Dialect dialect, int cacheSize) {
        if (cacheSize < 0) {
            throw new IllegalArgumentException("statement-cache-size must be 0 or more, got " + cacheSize);
        }
        this.dialect = dialect;
        this.cache = cacheSize == 0 ? null : new StatementCache(cacheSize);
    }

    /** How many statements this renderer has written as text (cache misses and statements not cached). */
    public long renderedCount() {
        return rendered.sum();
    }

    /** How many statements took their text from the cache (only their bind values were collected). */
    public long reusedCount() {
        return reused.sum();
    }

    /**
     * How many of the statements that took their text from the cache walked their tree again to collect
     * bind values (those with binds carrying values; a statement whose binds are all slots walks nothing).
     */
    public long walkedCount() {
        return walked.sum();
    }

    /** How many statement shapes the cache may hold (0: it is off). */
    public int cacheSize() {
        return cache == null ? 0 : cache.capacity();
    }

    /** How many statement shapes the cache holds now (0 when it is off). */
    public int cachedShapes() {
        return cache == null ? 0 : cache.size();
    }

    private String quoted(String identifier) {
        String q = quoted.get(identifier);
        if (q == null) {
            q = dialect.quote(identifier);
            if (quoted.size() < CACHED_IDENTIFIERS) {
                quoted.putIfAbsent(identifier, q);
            }
        }
        return q;
    }

    /**
     * The dialect's limit/offset clause for the binds at these indices (-1: absent), kept per index
     * pair for small indices: the clause depends on nothing else.
     */
    private String limitOffset(int limitIndex, int offsetIndex) {
        if (limitIndex >= CACHED_CLAUSE_INDEX || offsetIndex >= CACHED_CLAUSE_INDEX) {
            return dialect.limitOffset(limitIndex < 0 ? null : marker(limitIndex),
                    offsetIndex < 0 ? null : marker(offsetIndex));
        }
        int slot = (limitIndex + 1) * (CACHED_CLAUSE_INDEX + 1) + offsetIndex + 1;
        String clause = limitOffsets[slot];
        if (clause == null) {
            clause = dialect.limitOffset(limitIndex < 0 ? null : marker(limitIndex),
                    offsetIndex < 0 ? null : marker(offsetIndex));
            limitOffsets[slot] = clause;
        }
        return clause;
    }

    private String marker(int index) {
        if (index >= CACHED_MARKERS) {
            return dialect.bindMarker(index);
        }
        String m = markers[index];
        if (m == null) {
            // A benign race: two threads may both build the same immutable string.
            m = dialect.bindMarker(index);
            markers[index] = m;
        }
        return m;
    }

    /** The dialect this renderer writes for. */
    public Dialect dialect() {
        return dialect;
    }

    /**
     * Renders {@code statement}, taking the text from the cache when a statement of the same shape
     * was rendered before; raises UnSupportedError when the dialect cannot express part of it.
     */
    public RenderedSql render(Statement statement) {
        if (statement instanceof BoundStatement b) {
            StatementTemplate t = b.template();
            return t.isOneOff() ? renderShape(t.statement(), b.values(), b) : renderBound(b);
        }
        return renderShape(statement, null, statement);
    }

    /**
     * {@code whole} (which is {@code shape}, or {@code shape} bound to {@code values}) with its text
     * from the shape cache. A shape whose markers are all slots keeps them in the cache: a statement
     * of that shape is then hashed and looked up, nothing more (its values are {@code values}). A
     * shape with markers carrying values (a tree built with {@link Bind#of}) has them collected by
     * walking the tree again, without writing text.
     *
     * @param values the values of the slot binds of {@code shape}, or null when it has none
     */
    private RenderedSql renderShape(Statement shape, Object[] values, Statement whole) {
        if (cache == null || !cacheable(shape)) {
            return renderText(whole);
        }
        Statement keyShape = shape;
        boolean keyHoldsValues = true;
        if (shape instanceof Insert ins && ins.rows() instanceof ColumnRows rows) {
            // A bulk insert's rows as a shape only: all of an insert's values are in its rows, so the kept key holds
            // none of them, however many they are (its text depends on the rows' size and column types alone).
            keyShape = ins.withRows(rows.shape());
            keyHoldsValues = false;
        }
        StatementCache.Key key = new StatementCache.Key(keyShape);
        StatementCache.Template t = cache.get(key);
        if (t != null) {
            if (t.markers() != null) {
                reused.increment();
                return new RenderedSql(t.sql(), t.markers(), values);
            }
            Writer w = new Writer(false);
            w.slotValues = values;
            shape.accept(w);
            if (w.binds.size() == t.binds()) {
                reused.increment();
                walked.increment();
                return new RenderedSql(t.sql(), java.util.Collections.unmodifiableList(w.binds), values);
            }
            // Cannot happen while the text depends on the shape alone; rendered afresh (and replaced) if it does.
        }
        Writer w = new Writer(true);
        w.slotValues = values;
        w.keyHoldsValues = keyHoldsValues;
        shape.accept(w);
        rendered.increment();
        List<Bind> binds = java.util.Collections.unmodifiableList(w.binds);
        RenderedSql r = new RenderedSql(w.sb.toString(), binds, values);
        if (w.weight <= CACHED_WEIGHT) {
            cache.put(key, new StatementCache.Template(r.sql(), binds.size(), w.valueMarkers == 0 ? binds : null));
        }
        return r;
    }

    private RenderedSql renderText(Statement statement) {
        Writer w = new Writer(true);
        statement.accept(w);
        rendered.increment();
        return new RenderedSql(w.sb.toString(), java.util.Collections.unmodifiableList(w.binds), w.slotValues);
    }

    /**
     * A template's text and markers as this renderer last wrote them (kept on the template: no
     * lookup, no tree walk), with this execution's values; written afresh, and kept, on the first
     * use by this renderer. Without a cache, every execution writes the text.
     */
    private RenderedSql renderBound(BoundStatement bound) {
        StatementTemplate t = bound.template();
        if (cache == null) {
            return renderText(bound);
        }
        RenderedSql text = (RenderedSql) t.rendered(this);
        if (text != null) {
            reused.increment();
        } else if (!t.hasRendered()) {
            // The template keeps its own text, out of the shape cache: templates are few (four per model, and
            // the query shapes a model's querysets keep). A shape this renderer wrote before as a one-off
            // statement (a queryset's, before its shape was kept) is taken from the cache, not written again.
            StatementCache.Template seen = cache.get(new StatementCache.Key(t.statement()));
            if (seen != null && seen.markers() != null) {
                reused.increment();
                text = new RenderedSql(seen.sql(), seen.markers(), null);
            } else {
                text = renderText(t.statement());
            }
            t.remember(this, text);
        } else {
            // Another renderer (a model routed to several connections) wrote it too: through the shape
            // cache, so that alternating renderers do not write the text every time.
            text = render(t.statement());
            t.remember(this, text);
        }
        return new RenderedSql(text.sql(), text.binds(), bound.values());
    }

    /** Whether a value is too large for its statement to be kept as a cache key (a long text or binary). */
    private static boolean large(Object value) {
        return value instanceof CharSequence c && c.length() > LARGE_VALUE
                || value instanceof byte[] b && b.length > LARGE_VALUE
                || value instanceof java.nio.ByteBuffer bb && bb.remaining() > LARGE_VALUE;
    }

    /** Whether statements of this kind are kept: DML only (DDL runs once; raw SQL is the application's text). */
    private static boolean cacheable(Statement statement) {
        return statement instanceof Select || statement instanceof Insert || statement instanceof Update
                || statement instanceof Delete || statement instanceof UpdateRows;
    }

    /**
     * Renders {@code statement} with every bind value written as the dialect's literal instead of
     * a marker (Tortoise's {@code sql(params_inline=True)}), for display; the result has no binds
     * except those of application SQL given as a whole statement, whose markers are its own.
     */
    public RenderedSql renderInline(Statement statement) {
        Writer w = new Writer(true);
        w.inline = true;
        statement.accept(w);
        return new RenderedSql(w.sb.toString(), w.binds, w.slotValues);
    }

    /** Renders a lone expression (used by tests and schema descriptions). */
    public RenderedSql renderExpr(Expr expr) {
        Writer w = new Writer(true);
        expr.accept(w);
        return new RenderedSql(w.sb.toString(), w.binds);
    }

    /**
     * The text being written, or nothing at all when the text comes from the cache and only the
     * bind values are wanted (the same walk then fills the same binds in the same order).
     */
    private static final class Text {
        // 256: a plain model select of a few columns fits without growing the buffer.
        private final StringBuilder sb;

        Text(boolean on) {
            sb = on ? new StringBuilder(256) : null;
        }

        boolean on() {
            return sb != null;
        }

        Text append(String s) {
            if (sb != null) {
                sb.append(s);
            }
            return this;
        }

        Text append(char c) {
            if (sb != null) {
                sb.append(c);
            }
            return this;
        }

        Text append(CharSequence s, int start, int end) {
            if (sb != null) {
                sb.append(s, start, end);
            }
            return this;
        }

        int length() {
            return sb == null ? 0 : sb.length();
        }

        void reserve(int chars) {
            if (sb != null) {
                sb.ensureCapacity(sb.length() + chars);
            }
        }

        void setLength(int n) {
            if (sb != null) {
                sb.setLength(n);
            }
        }

        String substring(int from) {
            return sb == null ? "" : sb.substring(from);
        }

        @Override
        public String toString() {
            return sb == null ? "" : sb.toString();
        }
    }

    private final class Writer implements StatementVisitor<Void>, ExprVisitor<Void>, SqlWriter {
        final Text sb;
        final ArrayList<Bind> binds = new ArrayList<>();
        /** Whether values are written as literals rather than bound ({@link #renderInline}). */
        boolean inline;
        /** The values of the slot binds, when the statement is a bound template; null otherwise. */
        Object[] slotValues;
        /** How many values the statement carries (binds, IN-list elements, inserted cells): whether to cache it. */
        int weight;
        /** How many markers carry their own value (not slots): whether the cache may keep the markers. */
        int valueMarkers;
        /** Whether the cache key would hold the bind values (false for a bulk insert's, see {@link #renderShape}). */
        boolean keyHoldsValues = true;

        Writer(boolean text) {
            sb = new Text(text);
        }

        private void q(String identifier) {
            if (sb.on()) {
                sb.append(quoted(identifier));
            }
        }

        private void table(TableRef t, boolean withAlias) {
            if (t.schema() != null && !t.schema().isEmpty()) {
                q(t.schema());
                sb.append('.');
            }
            q(t.name());
            if (withAlias && t.alias() != null && !t.alias().equals(t.name())) {
                sb.append(' ');
                q(t.alias());
            }
        }

        @Override
        public SqlWriter bind(Bind b) {
            if (inline) {
                String cast = b.columnType() == null ? null : dialect.bindCast(b.columnType());
                String literal = dialect.literal(b.valueIn(slotValues));
                sb.append(cast == null ? literal : "CAST(" + literal + " AS " + cast + ")");
                return this;
            }
            weight++;
            if (!b.isSlot()) {
                valueMarkers++;
            }
            if (!sb.on()) {
                binds.add(b);
                return this;
            }
            if (keyHoldsValues && !b.isSlot() && large(b.value())) {
                // A cache key holds its statement, values included: one with a large value is not kept
                // (slots hold none: their values are bound beside the tree).
                weight += CACHED_WEIGHT + 1;
            }
            String marker = marker(binds.size());
            binds.add(b);
            String cast = b.columnType() == null ? null : dialect.bindCast(b.columnType());
            if (cast != null) {
                sb.append("CAST(").append(marker).append(" AS ").append(cast).append(')');
            } else {
                sb.append(marker);
            }
            return this;
        }

        @Override
        public SqlWriter typedBind(Bind b) {
            if (b.columnType() != null) {
                new Cast(b, b.columnType()).accept(this);
            } else {
                bind(b);
            }
            return this;
        }

        private void list(List<? extends Expr> exprs) {
            for (int i = 0; i < exprs.size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                exprs.get(i).accept(this);
            }
        }

        @Override
        public SqlWriter columns(List<String> cols) {
            for (int i = 0; i < cols.size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                q(cols.get(i));
            }
            return this;
        }

        // ---- the writer as dialect hooks see it

        @Override
        public SqlWriter sql(String text) {
            sb.append(text);
            return this;
        }

        @Override
        public SqlWriter identifier(String name) {
            q(name);
            return this;
        }

        @Override
        public SqlWriter qualified(String alias, String column) {
            q(alias);
            sb.append('.');
            q(column);
            return this;
        }

        @Override
        public SqlWriter table(TableRef t) {
            table(t, false);
            return this;
        }

        @Override
        public SqlWriter expr(Expr e) {
            e.accept(this);
            return this;
        }

        @Override
        public SqlWriter exprs(List<? extends Expr> es) {
            list(es);
            return this;
        }

        @Override
        public SqlWriter reserve(int markers, int chars) {
            if (!inline) {
                binds.ensureCapacity(binds.size() + markers);
            }
            sb.reserve(chars);
            return this;
        }

        @Override
        public int mark() {
            return sb.length();
        }

        @Override
        public String cut(int mark) {
            String text = sb.substring(mark);
            sb.setLength(mark);
            return text;
        }

        // ---- statements

        @Override
        public Void visitSelect(Select s) {
            sb.append("SELECT ");
            if (s.distinct()) {
                sb.append("DISTINCT ");
            }
            for (int i = 0; i < s.items().size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                SelectItem item = s.items().get(i);
                item.expr().accept(this);
                if (item.alias() != null) {
                    sb.append(' ');
                    q(item.alias());
                }
            }
            sb.append(" FROM ");
            table(s.from(), true);
            for (Join j : s.joins()) {
                sb.append(j.inner() ? " JOIN " : " LEFT OUTER JOIN ");
                table(j.table(), true);
                sb.append(" ON ");
                j.on().accept(this);
            }
            if (s.where() != null) {
                sb.append(" WHERE ");
                s.where().accept(this);
            }
            if (!s.groupBy().isEmpty()) {
                sb.append(" GROUP BY ");
                list(s.groupBy());
            }
            if (s.having() != null) {
                sb.append(" HAVING ");
                s.having().accept(this);
            }
            if (!s.orderBy().isEmpty()) {
                sb.append(" ORDER BY ");
                for (int i = 0; i < s.orderBy().size(); i++) {
                    if (i > 0) {
                        sb.append(',');
                    }
                    OrderItem o = s.orderBy().get(i);
                    o.expr().accept(this);
                    sb.append(o.descending() ? " DESC" : " ASC");
                }
            }
            if (inline) {
                if (s.limit() != null || s.offset() != null) {
                    sb.append(dialect.limitOffset(literalOf(s.limit()), literalOf(s.offset())));
                }
            } else {
                int limitIndex = -1;
                int offsetIndex = -1;
                if (s.limit() != null) {
                    limitIndex = binds.size();
                    markerFor(s.limit());
                }
                if (s.offset() != null) {
                    offsetIndex = binds.size();
                    markerFor(s.offset());
                }
                if ((limitIndex >= 0 || offsetIndex >= 0) && sb.on()) {
                    sb.append(limitOffset(limitIndex, offsetIndex));
                }
            }
            if (s.lock() != null) {
                dialect.writeLock(s.lock(), this);
            }
            return null;
        }

        private String literalOf(Expr e) {
            return e == null ? null : dialect.literal(((Bind) e).valueIn(slotValues));
        }

        private void markerFor(Expr e) {
            if (!(e instanceof Bind b)) {
                throw new IllegalArgumentException("limit/offset must be bind values");
            }
            weight++;
            if (!b.isSlot()) {
                valueMarkers++;
            }
            binds.add(b);
        }

        @Override
        public Void visitInsert(Insert ins) {
            if (!(ins.rows() instanceof ColumnRows)) {
                // Column arrays count by their binds (one per column where the dialect binds arrays, one per cell
                // where it writes VALUES rows): the cache key holds none of their values.
                weight += ins.rows().size() * ins.columns().size();
            }
            dialect.writeInsert(ins, this);
            return null;
        }

        @Override
        public Void visitUpdateRows(UpdateRows u) {
            weight += u.rows().size() * (u.columns().size() + 1);
            dialect.writeUpdateRows(u, this);
            return null;
        }

        @Override
        public Void visitUpdate(Update u) {
            sb.append("UPDATE ");
            table(u.table(), false);
            sb.append(" SET ");
            for (int i = 0; i < u.assignments().size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                Assignment a = u.assignments().get(i);
                q(a.column());
                sb.append('=');
                a.value().accept(this);
            }
            if (u.where() != null) {
                sb.append(" WHERE ");
                u.where().accept(this);
            }
            return null;
        }

        @Override
        public Void visitDelete(Delete d) {
            sb.append("DELETE FROM ");
            table(d.table(), false);
            if (d.where() != null) {
                sb.append(" WHERE ");
                d.where().accept(this);
            }
            return null;
        }

        @Override
        public Void visitBound(BoundStatement b) {
            slotValues = b.values();
            b.template().statement().accept(this);
            return null;
        }

        @Override
        public Void visitCreateTable(CreateTable c) {
            sb.append("CREATE TABLE ");
            if (c.ifNotExists()) {
                sb.append("IF NOT EXISTS ");
            }
            table(c.table(), false);
            sb.append(" (");
            boolean first = true;
            for (ColumnDef col : c.columns()) {
                if (!first) {
                    sb.append(", ");
                }
                first = false;
                columnDefinition(col);
            }
            for (CreateTable.NamedColumns u : c.uniqueTogether()) {
                sb.append(", CONSTRAINT ");
                q(u.name());
                sb.append(" UNIQUE (");
                columns(u.columns());
                sb.append(')');
            }
            for (CreateTable.NamedCheck ch : c.checks()) {
                sb.append(", CONSTRAINT ");
                q(ch.name());
                sb.append(" CHECK (");
                ch.condition().accept(this);
                sb.append(')');
            }
            for (ForeignKeyDef fk : c.foreignKeys()) {
                sb.append(", ");
                foreignKey(fk);
            }
            sb.append(')');
            dialect.writeTableOptions(c, this);
            return null;
        }

        @Override
        public SqlWriter columnDefinition(ColumnDef col) {
            q(col.name());
            sb.append(' ');
            if (col.generated() && col.primaryKey()) {
                sb.append(dialect.generatedKeyDefinition(col.type()));
                return this;
            }
            sb.append(dialect.typeName(col.type()));
            if (!col.nullable()) {
                sb.append(" NOT NULL");
            }
            if (col.primaryKey()) {
                sb.append(" PRIMARY KEY");
            } else if (col.unique()) {
                sb.append(" UNIQUE");
            }
            if (col.defaultExpr() != null) {
                sb.append(" DEFAULT ");
                col.defaultExpr().accept(this);
            }
            dialect.writeColumnOptions(col, this);
            return this;
        }

        @Override
        public SqlWriter foreignKeyDefinition(ForeignKeyDef fk) {
            foreignKey(fk);
            return this;
        }

        @Override
        public Void visitAlterTable(AlterTable alter) {
            dialect.writeAlterTable(alter, this);
            return null;
        }

        @Override
        public Void visitDropTable(DropTable drop) {
            sb.append("DROP TABLE ");
            table(drop.table(), false);
            return null;
        }

        @Override
        public Void visitDropIndex(DropIndex drop) {
            dialect.writeDropIndex(drop, this);
            return null;
        }

        @Override
        public Void visitRenameIndex(RenameIndex rename) {
            dialect.writeRenameIndex(rename, this);
            return null;
        }

        private void foreignKey(ForeignKeyDef fk) {
            sb.append("CONSTRAINT ");
            q(fk.name());
            sb.append(" FOREIGN KEY (");
            q(fk.column());
            sb.append(") REFERENCES ");
            table(fk.target(), false);
            sb.append(" (");
            q(fk.targetColumn());
            sb.append(") ON DELETE ").append(fk.onDelete());
        }

        @Override
        public Void visitAdvanceGeneratedKey(AdvanceGeneratedKey a) {
            String template = dialect.advanceGeneratedKeyTemplate();
            if (template == null) {
                throw new UnSupportedError("The " + dialect.name() + " dialect moves generated keys by itself");
            }
            TableRef t = a.table();
            String schema = t.schema() == null || t.schema().isEmpty() ? null : t.schema();
            int at = 0;
            while (at < template.length()) {
                int open = template.indexOf('{', at);
                if (open < 0) {
                    sb.append(template, at, template.length());
                    break;
                }
                int close = template.indexOf('}', open);
                sb.append(template, at, open);
                switch (template.substring(open + 1, close)) {
                    case "table" -> table(t, false);
                    case "column" -> q(a.column());
                    case "tableText" -> bind(Bind.of((schema == null ? "" : quoted(schema) + ".") + quoted(t.name())));
                    case "schema" -> bind(new Bind(schema, String.class, null));
                    case "tableName" -> bind(Bind.of(t.name()));
                    case "columnName" -> bind(Bind.of(a.column()));
                    case "value" -> bind(Bind.of(a.value()));
                    default -> throw new IllegalStateException("Unknown placeholder in " + template);
                }
                at = close + 1;
            }
            return null;
        }

        @Override
        public Void visitAddForeignKey(AddForeignKey add) {
            int start = sb.length();
            sb.append("ALTER TABLE ");
            table(add.table(), false);
            sb.append(" ADD ");
            foreignKey(add.foreignKey());
            if (add.ifNotExists()) {
                String alter = sb.substring(start);
                sb.setLength(start);
                sb.append(dialect.addConstraintIfNotExists(alter, add.foreignKey().name()));
            }
            return null;
        }

        @Override
        public Void visitCreateIndex(CreateIndex ci) {
            sb.append(ci.unique() ? "CREATE UNIQUE INDEX " : "CREATE INDEX ");
            if (ci.ifNotExists()) {
                sb.append("IF NOT EXISTS ");
            }
            q(ci.name());
            sb.append(" ON ");
            table(ci.table(), false);
            sb.append(" (");
            columns(ci.columns());
            sb.append(')');
            return null;
        }

        @Override
        public Void visitComment(CommentOn c) {
            dialect.writeComment(c, this);
            return null;
        }

        @Override
        public Void visitExplain(Explain e) {
            sb.append(dialect.explainPrefix());
            e.statement().accept(this);
            return null;
        }

        @Override
        public Void visitRaw(RawStatement raw) {
            sb.append(raw.sql());
            for (Object p : raw.params()) {
                binds.add(Bind.of(p));
            }
            return null;
        }

        // ---- expressions

        @Override
        public Void visitColumn(Column c) {
            if (c.table() != null) {
                q(c.table());
                sb.append('.');
            }
            q(c.name());
            return null;
        }

        @Override
        public Void visitBind(Bind b) {
            bind(b);
            return null;
        }

        @Override
        public Void visitBinary(Binary b) {
            if (b.op() == Binary.Op.POW) {
                sb.append("POWER(");
                b.left().accept(this);
                sb.append(',');
                b.right().accept(this);
                sb.append(')');
                return null;
            }
            if (b.op() == Binary.Op.MOD) {
                sb.append("MOD(");
                b.left().accept(this);
                sb.append(',');
                b.right().accept(this);
                sb.append(')');
                return null;
            }
            boolean paren = b.op().arithmetic();
            if (paren) {
                sb.append('(');
            }
            b.left().accept(this);
            sb.append(b.op().sql());
            b.right().accept(this);
            if (paren) {
                sb.append(')');
            }
            return null;
        }

        @Override
        public Void visitJunction(Junction j) {
            if (j.parts().isEmpty()) {
                return (j.and() ? BoolConst.TRUE : BoolConst.FALSE).accept(this);
            }
            if (j.parts().size() == 1) {
                return j.parts().get(0).accept(this);
            }
            sb.append('(');
            for (int i = 0; i < j.parts().size(); i++) {
                if (i > 0) {
                    sb.append(j.and() ? " AND " : " OR ");
                }
                j.parts().get(i).accept(this);
            }
            sb.append(')');
            return null;
        }

        @Override
        public Void visitNot(Not n) {
            sb.append("NOT ");
            boolean paren = !(n.inner() instanceof Junction j && j.parts().size() > 1);
            if (paren) {
                sb.append('(');
            }
            n.inner().accept(this);
            if (paren) {
                sb.append(')');
            }
            return null;
        }

        @Override
        public Void visitNegate(Negate n) {
            sb.append("(-");
            n.inner().accept(this);
            sb.append(')');
            return null;
        }

        @Override
        public Void visitIsNull(IsNull n) {
            n.expr().accept(this);
            sb.append(n.negated() ? " IS NOT NULL" : " IS NULL");
            return null;
        }

        @Override
        public Void visitInList(InList in) {
            if (in.values().isEmpty()) {
                return (in.negated() ? BoolConst.TRUE : BoolConst.FALSE).accept(this);
            }
            weight += in.values().size();
            dialect.writeInList(in, this);
            return null;
        }

        @Override
        public Void visitBetween(Between b) {
            b.expr().accept(this);
            sb.append(" BETWEEN ");
            b.low().accept(this);
            sb.append(" AND ");
            b.high().accept(this);
            return null;
        }

        @Override
        public Void visitLike(Like l) {
            dialect.writeLike(l, this);
            return null;
        }

        @Override
        public Void visitExtract(Extract e) {
            String template = dialect.extractTemplate(e.part());
            int at = template.indexOf("%s");
            sb.append(template, 0, at);
            e.expr().accept(this);
            sb.append(template, at + 2, template.length());
            return null;
        }

        @Override
        public Void visitFunc(Func f) {
            String name = f.dialectNames().containsKey(dialect.name()) ? f.dialectNames().get(dialect.name())
                    : dialect.functionName(f.name());
            if (name == null) {
                throw new UnSupportedError("Function " + f.name() + " is not supported by the " + dialect.name()
                        + " dialect");
            }
            sb.append(name).append('(');
            list(f.args());
            sb.append(')');
            return null;
        }

        @Override
        public Void visitAggregate(Aggregate a) {
            sb.append(a.name()).append('(');
            if (a.distinct()) {
                sb.append("DISTINCT ");
            }
            if (a.arg() == null) {
                sb.append('*');
            } else {
                a.arg().accept(this);
            }
            sb.append(')');
            return null;
        }

        @Override
        public Void visitCast(Cast c) {
            sb.append("CAST(");
            c.expr().accept(this);
            sb.append(" AS ").append(dialect.castTypeName(c.type())).append(')');
            return null;
        }

        @Override
        public Void visitBool(BoolConst b) {
            sb.append(b == BoolConst.TRUE ? "1=1" : "1=0");
            return null;
        }

        @Override
        public Void visitStar(Star s) {
            if (s.table() != null) {
                q(s.table());
                sb.append('.');
            }
            sb.append('*');
            return null;
        }

        @Override
        public Void visitRaw(Raw raw) {
            String sql = raw.sql();
            int next = 0;
            int ref = 0;
            for (int i = 0; i <= sql.length(); i++) {
                while (ref < raw.refs().size() && raw.refs().get(ref).offset() == i) {
                    Expr e = raw.refs().get(ref++).expr();
                    if (e instanceof Column) {
                        e.accept(this);
                    } else {
                        sb.append('(');
                        e.accept(this);
                        sb.append(')');
                    }
                }
                if (i == sql.length()) {
                    break;
                }
                char ch = sql.charAt(i);
                if (ch == '?' && next < raw.binds().size()) {
                    bind(raw.binds().get(next++));
                } else {
                    sb.append(ch);
                }
            }
            return null;
        }

        @Override
        public Void visitCase(CaseWhen c) {
            sb.append("CASE");
            for (CaseWhen.Branch br : c.branches()) {
                sb.append(" WHEN ");
                br.when().accept(this);
                sb.append(" THEN ");
                br.then().accept(this);
            }
            if (c.otherwise() != null) {
                sb.append(" ELSE ");
                c.otherwise().accept(this);
            }
            sb.append(" END");
            return null;
        }

        @Override
        public Void visitSubquery(SubqueryExpr s) {
            sb.append('(');
            s.select().accept(this);
            sb.append(')');
            return null;
        }

        @Override
        public Void visitDialectOp(DialectOp op) {
            dialect.writeDialectOp(op, this);
            return null;
        }

        @Override
        public Void visitAliasRef(AliasRef ref) {
            q(ref.alias());
            return null;
        }

        @Override
        public Void visitInSubquery(InSubquery in) {
            dialect.writeInSubquery(in, this);
            return null;
        }
    }
}
