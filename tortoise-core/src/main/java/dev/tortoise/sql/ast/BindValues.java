package dev.tortoise.sql.ast;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The bind values of an expression in a fixed order (the tree's, which need not be the order of
 * the rendered markers), for telling apart expressions of equal shape: {@link Bind#equals} does
 * not compare values.
 */
public final class BindValues implements ExprVisitor<Void> {
    private final List<Object> values = new ArrayList<>();
    /** Where the values of slot binds are, or null when the expressions have none. */
    private final BindSlots slots;
    /** How many binds carrying their own value (not slots) were visited. */
    private int valueBinds;

    private BindValues(BindSlots slots) {
        this.slots = slots;
    }

    /** Whether {@code a} and {@code b} are the same expression with the same bind values. */
    public static boolean sameValues(Expr a, Expr b) {
        if (a == b) {
            return true;
        }
        if (a == null || b == null || !a.equals(b)) {
            return false;
        }
        return Arrays.deepEquals(of(a).toArray(), of(b).toArray());
    }

    /**
     * Whether {@code a} and {@code b} are the same expression with the same values, those of their slot
     * binds read from {@code slots}. Two resolutions of one expression have different slots, so they
     * are not the same; an expression resolved once and used twice is.
     */
    public static boolean sameValues(Expr a, Expr b, BindSlots slots) {
        if (a == b) {
            return true;
        }
        if (a == null || b == null || !a.equals(b)) {
            return false;
        }
        return Arrays.deepEquals(of(a, slots).toArray(), of(b, slots).toArray());
    }

    /**
     * Whether every bind of {@code statement} (a select, update or delete) is a {@link Bind#isSlot slot},
     * so that its tree holds no value and can be run again with other values; false for a statement
     * with a bind carrying its value, and for any other kind of statement.
     */
    public static boolean onlySlots(Statement statement) {
        BindValues v = new BindValues(null);
        if (statement instanceof Select s) {
            v.select(s);
        } else if (statement instanceof Update u) {
            for (Assignment a : u.assignments()) {
                v.expr(a.value());
            }
            v.expr(u.where());
        } else if (statement instanceof Delete d) {
            v.expr(d.where());
        } else {
            return false;
        }
        return v.valueBinds == 0;
    }

    /** The bind values of {@code e}, in tree order. */
    public static List<Object> of(Expr e) {
        return of(e, null);
    }

    /** The bind values of {@code e}, in tree order, those of slot binds read from {@code slots}. */
    public static List<Object> of(Expr e, BindSlots slots) {
        BindValues v = new BindValues(slots);
        v.expr(e);
        return v.values;
    }

    private void expr(Expr e) {
        if (e != null) {
            e.accept(this);
        }
    }

    private void exprs(List<? extends Expr> es) {
        for (Expr e : es) {
            expr(e);
        }
    }

    private void select(Select s) {
        for (SelectItem i : s.items()) {
            expr(i.expr());
        }
        for (Join j : s.joins()) {
            expr(j.on());
        }
        expr(s.where());
        exprs(s.groupBy());
        expr(s.having());
        for (OrderItem o : s.orderBy()) {
            expr(o.expr());
        }
        expr(s.limit());
        expr(s.offset());
    }

    @Override
    public Void visitColumn(Column column) {
        return null;
    }

    @Override
    public Void visitBind(Bind bind) {
        if (!bind.isSlot()) {
            valueBinds++;
        }
        values.add(bind.slot() >= 0 && slots != null ? slots.value(bind.slot()) : bind.value());
        return null;
    }

    @Override
    public Void visitBinary(Binary binary) {
        expr(binary.left());
        expr(binary.right());
        return null;
    }

    @Override
    public Void visitJunction(Junction junction) {
        exprs(junction.parts());
        return null;
    }

    @Override
    public Void visitNot(Not not) {
        expr(not.inner());
        return null;
    }

    @Override
    public Void visitIsNull(IsNull isNull) {
        expr(isNull.expr());
        return null;
    }

    @Override
    public Void visitInList(InList inList) {
        expr(inList.expr());
        exprs(inList.values());
        return null;
    }

    @Override
    public Void visitBetween(Between between) {
        expr(between.expr());
        expr(between.low());
        expr(between.high());
        return null;
    }

    @Override
    public Void visitLike(Like like) {
        expr(like.expr());
        expr(like.pattern());
        return null;
    }

    @Override
    public Void visitExtract(Extract extract) {
        expr(extract.expr());
        return null;
    }

    @Override
    public Void visitFunc(Func func) {
        exprs(func.args());
        return null;
    }

    @Override
    public Void visitCast(Cast cast) {
        expr(cast.expr());
        return null;
    }

    @Override
    public Void visitBool(BoolConst bool) {
        return null;
    }

    @Override
    public Void visitStar(Star star) {
        return null;
    }

    @Override
    public Void visitRaw(Raw raw) {
        exprs(raw.binds());
        for (Raw.Ref r : raw.refs()) {
            expr(r.expr());
        }
        return null;
    }

    @Override
    public Void visitCase(CaseWhen caseWhen) {
        for (CaseWhen.Branch b : caseWhen.branches()) {
            expr(b.when());
            expr(b.then());
        }
        expr(caseWhen.otherwise());
        return null;
    }

    @Override
    public Void visitSubquery(SubqueryExpr subquery) {
        select(subquery.select());
        return null;
    }

    @Override
    public Void visitNegate(Negate negate) {
        expr(negate.inner());
        return null;
    }

    @Override
    public Void visitAggregate(Aggregate aggregate) {
        expr(aggregate.arg());
        return null;
    }

    @Override
    public Void visitDialectOp(DialectOp op) {
        exprs(op.args());
        return null;
    }

    @Override
    public Void visitAliasRef(AliasRef ref) {
        return null;
    }

    @Override
    public Void visitInSubquery(InSubquery in) {
        expr(in.expr());
        select(in.select());
        return null;
    }
}
