package dev.tortoise.expression;

import dev.tortoise.internal.expression.ExpressionShape;
import dev.tortoise.internal.model.LookupPath;
import dev.tortoise.sql.ast.Bind;
import dev.tortoise.sql.ast.Column;
import dev.tortoise.sql.ast.Raw;
import java.util.ArrayList;
import java.util.List;

/**
 * SQL text written by the application, used as an expression in annotate, filter values and
 * (through an annotation) order_by. It is the one way to put text of your own into a statement:
 * the text is sent as is, so never build it from user input; pass values as {@code params},
 * which replace the {@code ?} markers as bind parameters.
 *
 * <p>Field references: {@code {name}} (a field, {@code pk}, a related path such as
 * {@code {tournament__name}}, or an annotation) is replaced by the column, quoted by the
 * connection's dialect and qualified by its table, so {@code RawSQL.of("{id} + 1")} works on H2,
 * which folds unquoted names to upper case, as on PostgreSQL. A field name wins over an
 * annotation of the same name. Braces inside quoted strings or identifiers, and braces around
 * anything but a name ({@code '{1,2}'}, {@code {fn ...}}), are left as they are; an unknown name is
 * a FieldError.
 */
public final class RawSQL extends Expression {
    private final String sql;
    private final List<Object> params;
    private final boolean aggregate;
    private final Class<?> valueType;

    private RawSQL(String sql, List<Object> params, boolean aggregate, Class<?> valueType) {
        this.sql = sql;
        this.params = params;
        this.aggregate = aggregate;
        this.valueType = valueType;
    }

    /** Raw SQL with bind parameters for its {@code ?} markers and field references as {@code {name}}. */
    public static RawSQL of(String sql, Object... params) {
        return new RawSQL(sql, List.of(params), false, null);
    }

    /** The same SQL marked as containing an aggregate, so filters on it go to HAVING and the query is grouped. */
    public RawSQL asAggregate() {
        return new RawSQL(sql, params, true, valueType);
    }

    /** The same SQL with its results converted to {@code type} (Long, Double, String, ...). */
    public RawSQL as(Class<?> type) {
        return new RawSQL(sql, params, aggregate, type);
    }

    @Override
    public Resolved resolve(QueryContext ctx) {
        List<Bind> binds = new ArrayList<>(params.size());
        for (Object p : params) {
            binds.add(ctx.bind(p));
        }
        // Parenthesised, so that the text keeps its meaning next to the operators the ORM adds.
        StringBuilder text = new StringBuilder("(");
        List<Raw.Ref> refs = new ArrayList<>();
        boolean agg = aggregate;
        char quote = 0;
        for (int i = 0; i < sql.length(); i++) {
            char ch = sql.charAt(i);
            if (quote != 0) {
                if (ch == quote) {
                    quote = 0;
                }
            } else if (ch == '\'' || ch == '"') {
                quote = ch;
            } else if (ch == '{') {
                int end = referenceEnd(sql, i);
                if (end > 0) {
                    Resolved r = reference(ctx, sql.substring(i + 1, end));
                    refs.add(new Raw.Ref(text.length(), r.sql()));
                    agg |= r.aggregate();
                    i = end;
                    continue;
                }
            }
            text.append(ch);
        }
        text.append(')');
        return new Resolved(new Raw(text.toString(), binds, refs), null, agg, valueType);
    }

    @Override
    ExpressionShape makeShape() {
        // The text is the application's SQL, not a value; the params are bound, so only their kinds count.
        ShapeKey k = new ShapeKey(RawSQL.class).part(sql).part(aggregate).part(valueType).part(params.size());
        for (Object p : params) {
            k.literal(p);
        }
        return k.build();
    }

    /** The index of the {@code }} closing a reference opened at {@code open}, or -1 when the braces hold no name. */
    private static int referenceEnd(String s, int open) {
        int i = open + 1;
        if (i >= s.length() || !(Character.isLetter(s.charAt(i)) || s.charAt(i) == '_')) {
            return -1;
        }
        while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_')) {
            i++;
        }
        return i < s.length() && s.charAt(i) == '}' ? i : -1;
    }

    private static Resolved reference(QueryContext ctx, String name) {
        List<String> parts = LookupPath.parts(name);
        QueryContext.PathTarget t = ctx.annotationNames().contains(name) && ctx.root().fieldOrNull(parts.get(0)) == null
                ? null : ctx.resolvePath(parts, false);
        if (t != null && t.field() != null && t.consumed() == parts.size() && !t.field().kind().isVirtual()) {
            return new Resolved(new Column(t.alias(), t.field().column()), t.field());
        }
        return ctx.resolveReference(name);
    }

    @Override
    public String toString() {
        return "RawSQL(" + sql + ")";
    }
}
