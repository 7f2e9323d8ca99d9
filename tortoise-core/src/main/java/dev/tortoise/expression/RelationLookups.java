package dev.tortoise.expression;

import dev.tortoise.exception.OperationalError;
import dev.tortoise.exception.ParamsError;
import dev.tortoise.model.FieldKind;
import dev.tortoise.model.FieldMeta;
import dev.tortoise.model.Model;
import dev.tortoise.model.ModelMeta;
import dev.tortoise.model.RelationInfo;
import dev.tortoise.sql.ast.Column;
import dev.tortoise.sql.ast.Expr;
import java.util.ArrayList;
import java.util.List;

/**
 * Lookups whose path ends on a relation: a forward FK/O2O compared by key with an instance or a
 * key ({@code tournament=t}, {@code tournament__isnull}); reverse FK, reverse O2O and M2M
 * relations ({@code participants=team}, {@code events__in}, {@code children__isnull}) compared on
 * the related key through a LEFT OUTER JOIN, as Tortoise does, so a parent repeats once per
 * matching related row (remove repeats with {@code distinct()}).
 */
final class RelationLookups {
    private RelationLookups() {
    }

    static Expr compile(QueryContext ctx, String key, QueryContext.PathTarget target, List<String> rest,
                        Object value) {
        FieldMeta field = target.field();
        RelationInfo info = field.relation();
        if (rest.size() > 1 || (rest.size() == 1 && !Lookups.isLookup(rest.get(0)))) {
            throw Lookups.unknown(ctx, key);
        }
        String lookup = rest.isEmpty() ? "exact" : rest.get(0);
        if (field.kind() == FieldKind.FOREIGN_KEY || field.kind() == FieldKind.ONE_TO_ONE) {
            FieldMeta keyField = info.keyField();
            Object v = toKeys(value, info.toField(), info.target());
            return Lookups.dataLookup(ctx, key, new Column(target.alias(), keyField.column()), keyField,
                    rest.isEmpty() ? List.of() : List.of(lookup), v);
        }
        // Reverse FK, reverse O2O and M2M: Tortoise joins the related table (LEFT OUTER, through the
        // M2M table) and compares the related key, so a parent repeats once per matching related row
        // for every lookup, as for paths through the relation to a field; distinct() removes repeats.
        ModelMeta related = info.target();
        FieldMeta relatedPk = related.pk();
        List<String> parts = dev.tortoise.internal.model.LookupPath.parts(key);
        String keyPath = String.join("__", parts.subList(0, target.consumed())) + "__" + relatedPk.name();
        return switch (lookup) {
            case "exact", "not" -> Lookups.compile(ctx, lookup.equals("not") ? keyPath + "__not" : keyPath,
                    keyOf(nonNull(value, key), relatedPk, key));
            case "in", "not_in" -> {
                List<Object> keys = new ArrayList<>();
                for (Object v : Lookups.listArg(key, value)) {
                    keys.add(keyOf(nonNull(v, key), relatedPk, key));
                }
                yield Lookups.compile(ctx, keyPath + "__" + lookup, keys);
            }
            case "isnull", "not_isnull" -> Lookups.compile(ctx, keyPath + "__" + lookup, value);
            default -> throw new ParamsError("Lookup '" + lookup + "' can't be used on relation '" + field.name()
                    + "' (filter param '" + key + "'); use exact, not, in, not_in, isnull or a field of "
                    + related.name());
        };
    }

    private static Object nonNull(Object v, String key) {
        if (v == null) {
            throw new ParamsError("Filter param '" + key + "' can't match a relation with null; use __isnull");
        }
        return v;
    }

    private static Object keyOf(Object v, FieldMeta pk, String key) {
        if (v instanceof Model m) {
            Object k = pk.get(m);
            if (k == null) {
                throw new OperationalError("You should first call .save() on <" + m.getClass().getSimpleName() + ">"
                        + " before referring to it (filter param '" + key + "')");
            }
            return k;
        }
        return v;
    }

    /** Instances in a forward-key filter value become the referenced field's values. */
    private static Object toKeys(Object value, FieldMeta toField, ModelMeta target) {
        if (value instanceof Model m) {
            Object k = toField.get(m);
            if (k == null) {
                throw new OperationalError("You should first call .save() on <" + m.getClass().getSimpleName() + ">"
                        + " before referring to it");
            }
            return k;
        }
        if (value instanceof java.util.Collection<?> c) {
            List<Object> out = new ArrayList<>(c.size());
            for (Object o : c) {
                out.add(toKeys(o, toField, target));
            }
            return out;
        }
        return value;
    }
}
