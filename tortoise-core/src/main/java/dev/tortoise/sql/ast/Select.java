package dev.tortoise.sql.ast;

import java.util.List;

/**
 * A SELECT statement. Limit and offset are expressions (binds), so the SQL text of a query shape
 * does not depend on their values.
 */
public record Select(
        boolean distinct,
        List<SelectItem> items,
        TableRef from,
        List<Join> joins,
        Expr where,
        List<Expr> groupBy,
        Expr having,
        List<OrderItem> orderBy,
        Expr limit,
        Expr offset,
        Lock lock) implements Statement {

    public Select {
        items = List.copyOf(items);
        joins = joins == null ? List.of() : List.copyOf(joins);
        groupBy = groupBy == null ? List.of() : List.copyOf(groupBy);
        orderBy = orderBy == null ? List.of() : List.copyOf(orderBy);
    }

    /** A copy with another WHERE condition. */
    public Select withWhere(Expr newWhere) {
        return new Select(distinct, items, from, joins, newWhere, groupBy, having, orderBy, limit, offset, lock);
    }

    /** A copy with other limit and offset expressions. */
    public Select withLimitOffset(Expr newLimit, Expr newOffset) {
        return new Select(distinct, items, from, joins, where, groupBy, having, orderBy, newLimit, newOffset, lock);
    }

    @Override
    public <R> R accept(StatementVisitor<R> v) {
        return v.visitSelect(this);
    }
}
