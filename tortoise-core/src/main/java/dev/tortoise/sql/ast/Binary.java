package dev.tortoise.sql.ast;

/** A binary operator applied to two expressions. */
public record Binary(Expr left, Op op, Expr right) implements Expr {

    /** Operators whose SQL spelling is the same on every supported database. */
    public enum Op {
        EQ("="), NE("<>"), LT("<"), LE("<="), GT(">"), GE(">="),
        ADD("+"), SUB("-"), MUL("*"), DIV("/"), MOD("%"), POW("^");

        private final String sql;

        Op(String sql) {
            this.sql = sql;
        }

        /** The operator's SQL token (POW and MOD may be rendered as functions by a dialect). */
        public String sql() {
            return sql;
        }

        /** Whether this operator is arithmetic rather than a comparison. */
        public boolean arithmetic() {
            return ordinal() >= ADD.ordinal();
        }
    }

    @Override
    public <R> R accept(ExprVisitor<R> v) {
        return v.visitBinary(this);
    }
}
