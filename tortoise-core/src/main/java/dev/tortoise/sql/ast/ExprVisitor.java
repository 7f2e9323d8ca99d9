package dev.tortoise.sql.ast;

/** Visits every kind of {@link Expr}; the renderer implements it once per statement. */
public interface ExprVisitor<R> {
    R visitColumn(Column column);

    R visitBind(Bind bind);

    R visitBinary(Binary binary);

    R visitJunction(Junction junction);

    R visitNot(Not not);

    R visitIsNull(IsNull isNull);

    R visitInList(InList inList);

    R visitBetween(Between between);

    R visitLike(Like like);

    R visitExtract(Extract extract);

    R visitFunc(Func func);

    R visitCast(Cast cast);

    R visitBool(BoolConst bool);

    R visitStar(Star star);

    R visitRaw(Raw raw);

    R visitCase(CaseWhen caseWhen);

    R visitSubquery(SubqueryExpr subquery);

    R visitNegate(Negate negate);

    R visitAggregate(Aggregate aggregate);

    R visitDialectOp(DialectOp op);

    R visitAliasRef(AliasRef ref);

    R visitInSubquery(InSubquery in);
}
