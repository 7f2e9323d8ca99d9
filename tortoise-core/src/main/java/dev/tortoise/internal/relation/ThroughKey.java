package dev.tortoise.internal.relation;

import dev.tortoise.expression.Expression;
import dev.tortoise.expression.QueryContext;
import dev.tortoise.expression.Resolved;
import dev.tortoise.model.FieldMeta;
import dev.tortoise.model.RelationInfo;
import dev.tortoise.sql.ast.Binary;
import dev.tortoise.sql.ast.Column;
import dev.tortoise.sql.ast.Join;
import dev.tortoise.sql.ast.TableRef;

/**
 * The owner-side key of an M2M join row, for prefetching: joins the through table to the
 * queried (target) model and yields the column naming the owner, so one query loads the related
 * rows of every owner.
 */
final class ThroughKey extends Expression implements dev.tortoise.internal.expression.SlotFreeExpression {
    private final RelationInfo info;
    private final FieldMeta ownerKey;
    private final String schema;

    ThroughKey(RelationInfo info, FieldMeta ownerKey, String schema) {
        this.info = info;
        this.ownerKey = ownerKey;
        this.schema = schema;
    }

    /** Whether this key names {@code ownerKey} in {@code schema}, as one made for them would. */
    boolean isFor(FieldMeta ownerKey, String schema) {
        return this.ownerKey == ownerKey && java.util.Objects.equals(this.schema, schema);
    }

    @Override
    public Resolved resolve(QueryContext ctx) {
        String alias = ctx.rootAlias() + "__through";
        Join join = new Join(new TableRef(schema == null || schema.isEmpty() ? null : schema, info.throughTable(),
                alias), new Binary(new Column(alias, info.forwardKey()), Binary.Op.EQ,
                new Column(ctx.rootAlias(), ctx.root().pk().column())), true);
        ctx.addJoin(alias, join);
        return new Resolved(new Column(alias, info.backwardKey()), ownerKey);
    }
}
