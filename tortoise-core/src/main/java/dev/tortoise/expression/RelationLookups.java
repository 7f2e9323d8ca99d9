package dev.tortoise.expression;

import dev.tortoise.exception.FieldError;
import dev.tortoise.sql.ast.Expr;
import java.util.List;

/** Lookups whose path ends on a relation field: an FK compared with an instance or key, M2M and reverse relations. */
final class RelationLookups {
    private RelationLookups() {
    }

    static Expr compile(QueryContext ctx, String key, QueryContext.PathTarget target, List<String> rest,
                        Object value) {
        throw new FieldError("Filter param '" + key + "' ends on relation " + target.field().name());
    }
}
