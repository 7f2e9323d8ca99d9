package dev.tortoise.internal.relation;

import dev.tortoise.exception.FieldError;
import dev.tortoise.expression.Lookups;
import dev.tortoise.expression.QueryContext;
import dev.tortoise.internal.expression.RelationJoiner;
import dev.tortoise.model.FieldKind;
import dev.tortoise.model.FieldMeta;
import dev.tortoise.model.ModelMeta;
import dev.tortoise.model.RelationInfo;
import dev.tortoise.sql.ast.Binary;
import dev.tortoise.sql.ast.Column;
import dev.tortoise.sql.ast.Expr;
import dev.tortoise.sql.ast.Join;
import dev.tortoise.sql.ast.TableRef;
import java.util.List;

/**
 * Joins the relation segments of lookup paths into a query (LEFT OUTER, or INNER for a NOT NULL
 * key reached through inner joins only), under aliases that stay within identifier limits.
 */
public final class RelationJoins implements RelationJoiner {
    @Override
    public Step join(QueryContext ctx, ModelMeta from, String fromAlias, FieldMeta relation, List<String> rest) {
        RelationInfo info = relation.relation();
        String alias = alias(fromAlias, relation.name());
        switch (relation.kind()) {
            case FOREIGN_KEY, ONE_TO_ONE -> {
                if (!rest.isEmpty() && namesReferencedField(rest.get(0), info)
                        && (rest.size() == 1 || Lookups.isLookup(rest.get(1)))) {
                    // tournament__id compares the key column itself: no join needed.
                    return new Step(from, fromAlias, info.keyField(), 1);
                }
                ModelMeta target = info.target();
                ctx.addJoin(alias, new Join(target.tableRef().as(alias), eq(new Column(alias, info.toField().column()),
                        new Column(fromAlias, info.keyField().column())), false));
                return new Step(target, alias, null, 0);
            }
            case BACKWARD_FK, BACKWARD_O2O -> {
                ModelMeta child = info.target();
                ctx.addJoin(alias, new Join(child.tableRef().as(alias), eq(new Column(alias,
                        info.keyField().column()), new Column(fromAlias, info.toField().column())), false));
                return new Step(child, alias, null, 0);
            }
            case MANY_TO_MANY -> {
                ModelMeta target = info.target();
                String through = alias + "__through";
                ctx.addJoin(through, new Join(throughRef(from, info).as(through), eq(new Column(through,
                        info.backwardKey()), new Column(fromAlias, from.pk().column())), false));
                ctx.addJoin(alias, new Join(target.tableRef().as(alias), eq(new Column(alias, target.pk().column()),
                        new Column(through, info.forwardKey())), false));
                return new Step(target, alias, null, 0);
            }
            default -> throw new FieldError("Field " + relation.name() + " on " + from.fullName()
                    + " is not a relation");
        }
    }

    /**
     * A NOT NULL foreign key (or one-to-one) reached through inner joins only is joined with an
     * INNER JOIN: its constraint guarantees the related row, and the planner may then reorder the
     * join. Nullable keys and reverse relations keep the LEFT OUTER JOIN that keeps rows without one.
     */
    @Override
    public Step joinRelated(QueryContext ctx, ModelMeta from, String fromAlias, FieldMeta relation) {
        boolean inner = (relation.kind() == FieldKind.FOREIGN_KEY || relation.kind() == FieldKind.ONE_TO_ONE)
                && !relation.nullable() && ctx.reachedByInnerJoins(fromAlias);
        Step step = join(ctx, from, fromAlias, relation, List.of());
        if (inner) {
            ctx.makeInner(step.alias());
        }
        return step;
    }

    /**
     * The alias of a joined relation: {@code parent__relation}, shortened with a hash when it would
     * pass PostgreSQL's 63-character identifier limit (where it would be silently truncated).
     */
    static String alias(String parent, String relation) {
        String alias = parent + "__" + relation;
        if (alias.length() <= 50) {
            return alias;
        }
        return alias.substring(0, 40) + "_" + Integer.toHexString(alias.hashCode());
    }

    private static boolean namesReferencedField(String name, RelationInfo info) {
        FieldMeta to = info.toField();
        return name.equals(to.name()) || (to.primaryKey() && name.equals("pk"));
    }

    static Expr eq(Expr a, Expr b) {
        return new Binary(a, Binary.Op.EQ, b);
    }

    static TableRef throughRef(ModelMeta owner, RelationInfo info) {
        return TableRef.of(owner.schema().isEmpty() ? null : owner.schema(), info.throughTable());
    }
}
