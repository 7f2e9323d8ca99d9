package dev.tortoise.expression;

import dev.tortoise.exception.FieldError;
import dev.tortoise.field.FieldType;
import dev.tortoise.model.FieldMeta;
import dev.tortoise.sql.ast.Bind;
import dev.tortoise.sql.ast.Cast;
import dev.tortoise.sql.ast.ColumnType;
import dev.tortoise.sql.ast.DialectOp;
import dev.tortoise.sql.ast.Expr;
import java.util.ArrayList;
import java.util.List;

/** Lookups into JSON fields: containment and nested paths ({@code data__owner__name}, {@code data__pets__0__name__gte}). */
final class JsonLookups {
    private JsonLookups() {
    }

    /** {@code contains} / {@code contained_by}: JSON containment of the value's JSON form. */
    static Expr containment(QueryContext ctx, Expr column, FieldMeta field, String lookup, Object value) {
        String json = toJson(field.type(), value);
        Bind bind = ctx.bind(json, String.class, ColumnType.of(ColumnType.Kind.JSON));
        DialectOp.Kind kind = lookup.equals("contains") ? DialectOp.Kind.JSON_CONTAINS
                : DialectOp.Kind.JSON_CONTAINED_BY;
        return new DialectOp(kind, List.of(column, bind));
    }

    /**
     * Tortoise's {@code data__filter={"owner__name": "Ann", "pets__0__legs__gte": 4}}: every path
     * lookup of the map, ANDed.
     */
    static Expr filter(QueryContext ctx, String key, Expr column, FieldMeta field, Object value) {
        if (!(value instanceof java.util.Map<?, ?> map) || map.isEmpty()) {
            throw new dev.tortoise.exception.ParamsError("Filter param '" + key
                    + "' needs a map of JSON path lookups, e.g. {\"owner__name\": \"Ann\"}");
        }
        List<Expr> parts = new ArrayList<>();
        for (java.util.Map.Entry<?, ?> e : map.entrySet()) {
            List<String> path = java.util.Arrays.asList(String.valueOf(e.getKey()).split("__", -1));
            parts.add(compile(ctx, key + "__" + e.getKey(), column, field, path, e.getValue()));
        }
        return parts.size() == 1 ? parts.get(0) : new dev.tortoise.sql.ast.Junction(true, parts);
    }

    /** A comparison of the value at a path inside the JSON document. */
    static Expr compile(QueryContext ctx, String key, Expr column, FieldMeta field, List<String> rest, Object value) {
        List<String> path = new ArrayList<>(rest);
        String lookup = "exact";
        if (Lookups.isLookup(path.get(path.size() - 1))) {
            lookup = path.remove(path.size() - 1);
        }
        if (path.isEmpty()) {
            throw Lookups.unknown(ctx, key);
        }
        for (String segment : path) {
            if (segment.isEmpty()) {
                throw new FieldError("Empty JSON path segment in filter param '" + key + "'");
            }
        }
        Expr text = new DialectOp(DialectOp.Kind.JSON_PATH_TEXT, List.of(column), path);
        Object sample = value instanceof java.util.Collection<?> c && !c.isEmpty() ? c.iterator().next() : value;
        if (sample instanceof Number) {
            Expr numeric = new Cast(text, ColumnType.of(ColumnType.Kind.DOUBLE));
            return Lookups.comparison(ctx, key, numeric, null, lookup, toDouble(value));
        }
        if (sample instanceof Boolean) {
            return Lookups.comparison(ctx, key, text, null, lookup, stringify(value));
        }
        return Lookups.dataLookup(ctx, key, text, null, lookup.equals("exact") ? List.of() : List.of(lookup),
                stringify(value));
    }

    private static Object toDouble(Object value) {
        if (value instanceof java.util.Collection<?> c) {
            return c.stream().map(v -> ((Number) v).doubleValue()).toList();
        }
        return value == null ? null : ((Number) value).doubleValue();
    }

    private static Object stringify(Object value) {
        if (value instanceof java.util.Collection<?> c) {
            return c.stream().map(String::valueOf).toList();
        }
        return value == null ? null : value.toString();
    }

    private static String toJson(FieldType type, Object value) {
        if (value instanceof CharSequence s) {
            // A string is taken as JSON text when it parses, else as a JSON string value.
            try {
                type.coerce(s.toString());
                return s.toString();
            } catch (RuntimeException e) {
                return ((dev.tortoise.field.FieldType) type).toDb(s.toString()).toString();
            }
        }
        return type.toDb(value).toString();
    }
}
