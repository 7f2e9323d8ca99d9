package dev.tortoise.expression;

import dev.tortoise.exception.FieldError;
import dev.tortoise.exception.ParamsError;
import dev.tortoise.exception.ValidationError;
import dev.tortoise.field.FieldType;
import dev.tortoise.internal.expression.InListFilter;
import dev.tortoise.internal.expression.SubquerySource;
import dev.tortoise.internal.expression.ValueFilter;
import dev.tortoise.model.FieldKind;
import dev.tortoise.model.FieldMeta;
import dev.tortoise.model.Model;
import dev.tortoise.sql.ast.Between;
import dev.tortoise.sql.ast.Binary;
import dev.tortoise.sql.ast.Bind;
import dev.tortoise.sql.ast.BoolConst;
import dev.tortoise.sql.ast.Column;
import dev.tortoise.sql.ast.DatePart;
import dev.tortoise.sql.ast.DialectOp;
import dev.tortoise.sql.ast.Expr;
import dev.tortoise.sql.ast.Extract;
import dev.tortoise.sql.ast.InList;
import dev.tortoise.sql.ast.InSubquery;
import dev.tortoise.sql.ast.IsNull;
import dev.tortoise.sql.ast.Junction;
import dev.tortoise.sql.ast.Like;
import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.reactivestreams.Publisher;

/** Parses lookup keys ({@code name__icontains}) and compiles them with their values to conditions. */
public final class Lookups {
    /** The comparison lookups of data fields, as Tortoise names them. */
    public static final List<String> DATA_LOOKUPS = List.of("exact", "not", "in", "not_in", "gt", "gte", "lt", "lte",
            "range", "isnull", "not_isnull", "contains", "icontains", "startswith", "istartswith", "endswith",
            "iendswith", "iexact", "search", "posix_regex", "iposix_regex", "year", "quarter", "month", "week", "day", "hour",
            "minute", "second", "microsecond");

    private static final Set<String> DATE_PARTS = Set.of("year", "quarter", "month", "week", "day", "hour", "minute",
            "second", "microsecond");
    /** The lookups that only a text field (CharField, TextField, CharEnumField) can take. */
    private static final Set<String> TEXT_ONLY = Set.of("search", "posix_regex", "iposix_regex");

    /**
     * The longest pattern a {@code search} or regular-expression lookup accepts, in characters: the cost of
     * matching grows with the pattern (H2 compiles and runs it on the calling thread), so that one request
     * can't keep the database busy for seconds.
     */
    public static final int MAX_PATTERN_LENGTH = 1000;

    private static final Set<String> COMPARISONS = Set.of("exact", "not", "in", "not_in", "gt", "gte", "lt", "lte",
            "range", "isnull", "not_isnull");

    private Lookups() {
    }

    /** Whether {@code name} is a lookup (as opposed to a field). */
    public static boolean isLookup(String name) {
        return DATA_LOOKUPS.contains(name);
    }

    static Expr compile(QueryContext ctx, String key, Object value) {
        List<String> parts = dev.tortoise.internal.model.LookupPath.parts(key);
        if (ctx.hasAnnotation(parts.get(0))) {
            Resolved lhs = ctx.annotation(parts.get(0));
            List<String> rest = parts.subList(1, parts.size());
            return dataLookup(ctx, key, lhs.sql(), lhs.field(), rest, value);
        }
        QueryContext.PathTarget t = ctx.resolvePath(parts, true);
        if (t != null && t.field() == null && t.consumed() > 0 && t.consumed() < parts.size() && t.model() != null) {
            List<String> allowed = new ArrayList<>();
            allowed.add("pk");
            allowed.addAll(t.model().fieldNames());
            throw new FieldError("Unknown filter param '" + key + "': model " + t.model().name() + " has no field '"
                    + parts.get(t.consumed()) + "'. Allowed values there are " + allowed);
        }
        if (t == null || t.field() == null) {
            throw unknown(ctx, key);
        }
        FieldMeta field = t.field();
        List<String> rest = parts.subList(t.consumed(), parts.size());
        if (field.kind() != FieldKind.DATA) {
            return RelationLookups.compile(ctx, key, t, rest, value);
        }
        if (!field.type().filterable()) {
            throw new FieldError("Field " + field.name() + " of type " + field.type().typeName()
                    + " can't be used in filters (filter param '" + key + "')");
        }
        if (field.type().supportsJson() && !rest.isEmpty()) {
            Column column = new Column(t.alias(), field.column());
            String first = rest.get(0);
            if (rest.size() == 1 && (first.equals("contains") || first.equals("contained_by"))) {
                return JsonLookups.containment(ctx, column, field, first, value);
            }
            if (rest.size() == 1 && first.equals("filter")) {
                return JsonLookups.filter(ctx, key, column, field, value);
            }
            if (!isLookup(first)) {
                return JsonLookups.compile(ctx, key, column, field, rest, value);
            }
        }
        return dataLookup(ctx, key, new Column(t.alias(), field.column()), field, rest, value);
    }

    private static final Set<String> DATE_ONLY_PARTS = Set.of("year", "quarter", "month", "week", "day");

    /**
     * Whether a date part can be taken of the field: datetimes have every part, dates the calendar
     * ones, times the clock ones; an expression without a field (an annotation) is left to the database.
     */
    private static boolean hasDatePart(FieldMeta field, String part) {
        if (field == null || field.type() == null) {
            return true;
        }
        FieldType type = field.type();
        if (type.hasDate() && type.hasTime()) {
            return true;
        }
        return type.hasDate() ? DATE_ONLY_PARTS.contains(part) : type.hasTime() && !DATE_ONLY_PARTS.contains(part);
    }

    /** A FieldError for an unknown filter key, listing the allowed bases. */
    static FieldError unknown(QueryContext ctx, String key) {
        return new FieldError("Unknown filter param '" + key + "'. Allowed base values are "
                + ctx.allowedFilterBases());
    }

    static Expr dataLookup(QueryContext ctx, String key, Expr lhs, FieldMeta field, List<String> rest, Object value) {
        String lookup;
        DatePart part = null;
        if (rest.isEmpty()) {
            lookup = "exact";
        } else if (rest.size() == 1 && isLookup(rest.get(0))) {
            lookup = rest.get(0);
        } else if (rest.size() == 2 && DATE_PARTS.contains(rest.get(0)) && COMPARISONS.contains(rest.get(1))) {
            lookup = rest.get(0);
            if (!hasDatePart(field, lookup)) {
                throw new FieldError("Lookup '" + lookup + "' needs a date, datetime or time field, not "
                        + field.type().typeName() + " (filter param '" + key + "')");
            }
            part = DatePart.valueOf(rest.get(0).toUpperCase(Locale.ROOT));
            return comparison(ctx, key, new Extract(part, lhs), null, rest.get(1),
                    rest.get(1).endsWith("isnull") ? value : datePartValue(key, value));
        } else {
            throw unknown(ctx, key);
        }
        if (DATE_PARTS.contains(lookup) && !hasDatePart(field, lookup)) {
            throw new FieldError("Lookup '" + lookup + "' needs a date, datetime or time field, not "
                    + field.type().typeName() + " (filter param '" + key + "')");
        }
        if (DATE_PARTS.contains(lookup)) {
            part = DatePart.valueOf(lookup.toUpperCase(Locale.ROOT));
            return comparison(ctx, key, new Extract(part, lhs), null, "exact", datePartValue(key, value));
        }
        if (TEXT_ONLY.contains(lookup) && field != null && field.type() != null && !field.type().isText()) {
            throw new FieldError("Lookup '" + lookup + "' needs a text field (CharField or TextField), not "
                    + field.type().typeName() + " (filter param '" + key + "')");
        }
        return switch (lookup) {
            case "contains" -> like(ctx, lhs, field, "%" + escape(text(key, value)) + "%", false);
            case "icontains" -> like(ctx, lhs, field, "%" + escape(text(key, value)) + "%", true);
            case "startswith" -> like(ctx, lhs, field, escape(text(key, value)) + "%", false);
            case "istartswith" -> like(ctx, lhs, field, escape(text(key, value)) + "%", true);
            case "endswith" -> like(ctx, lhs, field, "%" + escape(text(key, value)), false);
            case "iendswith" -> like(ctx, lhs, field, "%" + escape(text(key, value)), true);
            case "iexact" -> like(ctx, lhs, field, escape(text(key, value)), true);
            case "search" -> new DialectOp(DialectOp.Kind.SEARCH, List.of(lhs, ctx.bind(pattern(key, value))));
            case "posix_regex" -> new DialectOp(DialectOp.Kind.POSIX_REGEX, List.of(lhs, ctx.bind(pattern(key, value))));
            case "iposix_regex" -> new DialectOp(DialectOp.Kind.IPOSIX_REGEX,
                    List.of(lhs, ctx.bind(pattern(key, value))));
            default -> comparison(ctx, key, lhs, field, lookup, value);
        };
    }

    /** A comparison lookup of {@code lhs} (a column of {@code field}, or any expression when field is null). */
    static Expr comparison(QueryContext ctx, String key, Expr lhs, FieldMeta field, String lookup, Object value) {
        switch (lookup) {
            case "isnull", "not_isnull" -> {
                boolean flag = booleanArg(key, value);
                boolean isNull = lookup.equals("isnull") == flag;
                return new IsNull(lhs, !isNull);
            }
            case "in", "not_in" -> {
                SubquerySource.Compiled inner = value instanceof Subquery s ? s.compile(ctx)
                        : value instanceof Publisher<?> ? ctx.subquery(value) : null;
                if (inner != null) {
                    boolean negated = lookup.equals("not_in");
                    InSubquery in = new InSubquery(lhs, inner.select(), negated);
                    return negated ? new Junction(false, List.of(in, new IsNull(lhs, false))) : in;
                }
                if (value instanceof Expression e) {
                    Expr sub = e.resolve(ctx).sql();
                    if (sub instanceof dev.tortoise.sql.ast.SubqueryExpr sq) {
                        return new dev.tortoise.sql.ast.InSubquery(lhs, sq.select(), lookup.equals("not_in"));
                    }
                    throw new ParamsError("Filter param '" + key + "' needs a list of values or a subquery");
                }
                List<Object> values = listArg(key, value);
                boolean negated = lookup.equals("not_in");
                if (values.isEmpty()) {
                    return negated ? BoolConst.TRUE : BoolConst.FALSE;
                }
                List<Bind> binds = new ArrayList<>(values.size());
                Class<?> elementType = null;
                for (Object v : values) {
                    Bind b = bindValue(ctx, field, v);
                    binds.add(b);
                    elementType = elementType == null ? b.type() : (elementType == b.type() ? elementType
                            : Object.class);
                }
                InList in = new InList(lhs, binds, negated, elementType);
                if (!negated && field != null && field.type() != null) {
                    ctx.inListCompiled(new InListFilter(value, field, in));
                }
                // Tortoise's not_in keeps NULL rows: NOT IN (...) OR IS NULL.
                return negated ? new Junction(false, List.of(in, new IsNull(lhs, false))) : in;
            }
            case "range" -> {
                List<Object> values = listArg(key, value);
                if (values.size() != 2) {
                    throw new ParamsError("Filter param '" + key + "' needs exactly two values (low, high), got "
                            + values.size());
                }
                return new Between(lhs, bindValue(ctx, field, values.get(0)), bindValue(ctx, field, values.get(1)));
            }
            default -> {
            }
        }
        if (value == null) {
            if (lookup.equals("exact")) {
                return new IsNull(lhs, false);
            }
            if (lookup.equals("not")) {
                return new IsNull(lhs, true);
            }
            throw new ParamsError("Filter param '" + key + "' can't compare with null");
        }
        Expr rhs = value instanceof Expression e ? e.resolve(ctx).sql() : bindValue(ctx, field, value);
        Expr compared = switch (lookup) {
            case "exact" -> new Binary(lhs, Binary.Op.EQ, rhs);
            // Tortoise's not keeps NULL rows: <> v OR IS NULL.
            case "not" -> new Junction(false, List.of(new Binary(lhs, Binary.Op.NE, rhs), new IsNull(lhs, false)));
            case "gt" -> new Binary(lhs, Binary.Op.GT, rhs);
            case "gte" -> new Binary(lhs, Binary.Op.GE, rhs);
            case "lt" -> new Binary(lhs, Binary.Op.LT, rhs);
            case "lte" -> new Binary(lhs, Binary.Op.LE, rhs);
            default -> throw new FieldError("Lookup '" + lookup + "' is not supported in filter param '" + key + "'");
        };
        if (!(value instanceof Expression) && field != null && field.type() != null && rhs instanceof Bind b) {
            // bindValue's typed path: the one slot holds filterValue(field, value), so a kept shape can fill it alone.
            ctx.valueCompiled(new ValueFilter(value, field, compared, b));
        }
        return compared;
    }

    /** The bind (a slot of {@code ctx}) of a filter value converted to (and validated for) the field's type. */
    static Bind bindValue(QueryContext ctx, FieldMeta field, Object value) {
        if (value instanceof Model m && field != null) {
            value = m.pk();
        }
        if (field == null || field.type() == null) {
            return value instanceof Enum<?> e ? ctx.bind(e.name()) : ctx.bind(value);
        }
        FieldType type = field.type();
        return ctx.bind(filterValue(field, value), type.bindClass(), type.columnType());
    }

    /**
     * A filter value of a typed field as {@link #bindValue} binds it: a model instance as its key, coerced,
     * validated and converted to the field's database value.
     */
    static Object filterValue(FieldMeta field, Object value) {
        if (value instanceof Model m) {
            value = m.pk();
        }
        Object v = field.coerce(value);
        field.validateFilterValue(v);
        return field.type().toDb(v);
    }

    /**
     * A LIKE on {@code lhs}; a text column (not an expression over one) is matched without a cast,
     * so that text-pattern and trigram indexes on it can serve.
     */
    private static Expr like(QueryContext ctx, Expr lhs, FieldMeta field, String pattern, boolean caseInsensitive) {
        boolean text = lhs instanceof Column && field != null && field.type() != null && field.type().isText();
        return new Like(lhs, ctx.bind(pattern), caseInsensitive, text);
    }

    /** Escapes the LIKE wildcards and the escape character itself. */
    static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' || c == '%' || c == '_') {
                sb.append('\\');
            }
            sb.append(c);
        }
        return sb.toString();
    }

    private static String text(String key, Object value) {
        if (value == null) {
            throw new ParamsError("Filter param '" + key + "' needs a value, got null");
        }
        if (value instanceof Enum<?> e) {
            return e instanceof dev.tortoise.field.StringValuedEnum s ? s.value() : e.name();
        }
        String text = value.toString();
        if (text.indexOf('\u0000') >= 0) {
            throw new ValidationError("Filter param '" + key + "': Value '" + FieldType.shown(text)
                    + "' contains a NUL character (\\u0000), which text can't hold");
        }
        return text;
    }

    /** The text of a search or regular-expression lookup, at most {@link #MAX_PATTERN_LENGTH} characters. */
    private static String pattern(String key, Object value) {
        String text = text(key, value);
        if (text.length() > MAX_PATTERN_LENGTH) {
            throw new ParamsError("Filter param '" + key + "' is " + text.length() + " characters long; a search or "
                    + "regular expression may have at most " + MAX_PATTERN_LENGTH);
        }
        return text;
    }

    /**
     * A date-part lookup's value as an integer (query parameters give strings: {@code ?created__year=2026});
     * lists (for {@code in}, {@code range}) element by element; expressions and subqueries as they are.
     */
    private static Object datePartValue(String key, Object value) {
        if (value == null || value instanceof Boolean || value instanceof Expression || value instanceof Publisher<?>) {
            return value;
        }
        if (value instanceof Collection<?> || value.getClass().isArray()) {
            List<Object> out = new ArrayList<>();
            for (Object v : listArg(key, value)) {
                out.add(datePartValue(key, v));
            }
            return out;
        }
        try {
            if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
                return ((Number) value).intValue();
            }
            if (value instanceof Number || value instanceof CharSequence) {
                String text = value.toString().trim();
                if (text.length() <= 20) {
                    return new java.math.BigDecimal(text).intValueExact();
                }
            }
        } catch (NumberFormatException | ArithmeticException e) {
            // reported below
        }
        throw new ParamsError("Filter param '" + key + "' needs a whole number, got '" + FieldType.shown(value) + "'");
    }

    static boolean booleanArg(String key, Object value) {
        if (value instanceof Boolean b) {
            return b;
        }
        if (value instanceof String s) {
            String t = s.trim().toLowerCase(Locale.ROOT);
            if (t.equals("true") || t.equals("1")) {
                return true;
            }
            if (t.equals("false") || t.equals("0")) {
                return false;
            }
        }
        throw new ParamsError("Filter param '" + key + "' needs true or false, got '" + value + "'");
    }

    /** A list, array or single value as a list of values. */
    static List<Object> listArg(String key, Object value) {
        if (value == null) {
            throw new ParamsError("Filter param '" + key + "' needs a list of values, got null");
        }
        if (value instanceof Collection<?> c) {
            return new ArrayList<>(c);
        }
        if (value.getClass().isArray()) {
            int n = Array.getLength(value);
            List<Object> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                out.add(Array.get(value, i));
            }
            return out;
        }
        if (value instanceof dev.tortoise.expression.Expression) {
            throw new ParamsError("Filter param '" + key + "' needs a list of values");
        }
        List<Object> single = new ArrayList<>(1);
        single.add(value);
        return single;
    }
}
