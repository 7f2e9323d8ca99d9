package dev.tortoise.expression;

import dev.tortoise.exception.OperationalError;
import dev.tortoise.exception.ParamsError;
import dev.tortoise.model.FieldKind;
import dev.tortoise.model.FieldMeta;
import dev.tortoise.model.Model;
import dev.tortoise.model.ModelMeta;
import dev.tortoise.model.RelationInfo;
import dev.tortoise.sql.ast.Bind;
import dev.tortoise.sql.ast.Column;
import dev.tortoise.sql.ast.Expr;
import dev.tortoise.sql.ast.InList;
import dev.tortoise.sql.ast.InSubquery;
import dev.tortoise.sql.ast.IsNull;
import dev.tortoise.sql.ast.Select;
import dev.tortoise.sql.ast.SelectItem;
import dev.tortoise.sql.ast.TableRef;
import java.util.ArrayList;
import java.util.List;

/**
 * Lookups whose path ends on a relation: a forward FK/O2O compared by key with an instance or a
 * key ({@code tournament=t}, {@code tournament__isnull}); reverse FK and M2M relations matched by
 * the related rows' keys through a subquery ({@code participants=team}, {@code events__in},
 * {@code children__isnull}), so no duplicate rows appear.
 */
final class RelationLookups {
    private static final String SUB = "_sub";

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
        ModelMeta owner = target.model();
        Column ownerKey;
        Select sub;
        ModelMeta related = info.target();
        FieldMeta relatedPk = related.pk();
        if (field.kind() == FieldKind.MANY_TO_MANY) {
            ownerKey = new Column(target.alias(), owner.pk().column());
            TableRef through = new TableRef(emptyToNull(owner.schema()), info.throughTable(), SUB);
            Expr where = matches(lookup) ? keyIn(new Column(SUB, info.forwardKey()), relatedPk, key, lookup, value)
                    : null;
            sub = select(new Column(SUB, info.backwardKey()), through, where);
        } else {
            FieldMeta childKey = info.keyField();
            ownerKey = new Column(target.alias(), info.toField().column());
            TableRef child = related.tableRef().as(SUB);
            Expr where = matches(lookup) ? keyIn(new Column(SUB, relatedPk.column()), relatedPk, key, lookup, value)
                    : new IsNull(new Column(SUB, childKey.column()), true);
            sub = select(new Column(SUB, childKey.column()), child, where);
        }
        return switch (lookup) {
            case "exact", "in" -> new InSubquery(ownerKey, sub, false);
            case "not", "not_in" -> new InSubquery(ownerKey, sub, true);
            case "isnull", "not_isnull" -> {
                boolean flag = Lookups.booleanArg(key, value);
                boolean none = lookup.equals("isnull") == flag;
                yield new InSubquery(ownerKey, sub, none);
            }
            default -> throw new ParamsError("Lookup '" + lookup + "' can't be used on relation '" + field.name()
                    + "' (filter param '" + key + "'); use exact, not, in, not_in, isnull or a field of "
                    + related.name());
        };
    }

    private static boolean matches(String lookup) {
        return !lookup.equals("isnull") && !lookup.equals("not_isnull");
    }

    private static Select select(Column column, TableRef from, Expr where) {
        return new Select(false, List.of(new SelectItem(column, null)), from, List.of(), where, List.of(), null,
                List.of(), null, null, null);
    }

    private static Expr keyIn(Column column, FieldMeta pk, String key, String lookup, Object value) {
        List<Object> values = lookup.equals("in") || lookup.equals("not_in") ? Lookups.listArg(key, value)
                : listOf(value);
        List<Bind> binds = new ArrayList<>();
        Class<?> type = null;
        for (Object v : values) {
            if (v == null) {
                throw new ParamsError("Filter param '" + key + "' can't match a relation with null; use "
                        + "__isnull");
            }
            Bind b = Lookups.bindValue(pk, keyOf(v, pk, key));
            binds.add(b);
            type = type == null ? b.type() : type;
        }
        return new InList(column, binds, false, type);
    }

    private static List<Object> listOf(Object v) {
        List<Object> l = new ArrayList<>(1);
        l.add(v);
        return l;
    }

    private static Object keyOf(Object v, FieldMeta pk, String key) {
        if (v instanceof Model m) {
            Object k = pk.get(m);
            if (k == null) {
                throw new OperationalError("You should first call .save() on " + m.getClass().getSimpleName()
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
                throw new OperationalError("You should first call .save() on " + m.getClass().getSimpleName()
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

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
