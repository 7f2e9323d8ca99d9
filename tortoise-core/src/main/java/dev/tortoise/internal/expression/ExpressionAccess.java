package dev.tortoise.internal.expression;

import dev.tortoise.expression.Expression;
import dev.tortoise.expression.QueryContext;
import dev.tortoise.model.FieldMeta;
import dev.tortoise.model.ModelMeta;
import dev.tortoise.sql.ast.BindSlots;
import java.util.Map;

/**
 * The internal side of {@link QueryContext}: the query layer makes its contexts here, with the relation joiner
 * and the subquery compiler that the public surface of {@code QueryContext} does not show.
 *
 * <p>{@code QueryContext}'s static initialiser installs a {@link Bridge} implemented in {@code dev.tortoise.expression}
 * (the pattern of the JDK's {@code SharedSecrets}, as {@code dev.tortoise.internal.query.QueryAccess}); every method
 * here makes sure that has happened before it is used.
 */
public final class ExpressionAccess {
    /** What {@code dev.tortoise.expression} implements for this class; installed once by {@code QueryContext}. */
    public interface Bridge {
        QueryContext queryContext(ModelMeta root, Map<String, Expression> annotations, RelationJoiner joiner,
                                  SubquerySource subqueries, BindSlots slots);

        ExpressionShape shape(Expression expression);

        InListFilter takeInList(QueryContext ctx);

        ValueFilter takeValue(QueryContext ctx);

        Object filterValue(FieldMeta field, Object value);
    }

    private static volatile Bridge bridge;

    private ExpressionAccess() {
    }

    /** Installs the bridge; called by {@code QueryContext}'s static initialiser, once. */
    public static void install(Bridge b) {
        if (bridge != null) {
            throw new IllegalStateException("ExpressionAccess is installed already");
        }
        bridge = b;
    }

    private static Bridge bridge() {
        Bridge b = bridge;
        if (b == null) {
            try {
                // QueryContext installs the bridge when it is initialised; from another thread than the one
                // initialising it, this waits until it has.
                Class.forName(QueryContext.class.getName(), true, QueryContext.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
            b = bridge;
        }
        return b;
    }

    /**
     * What a query shape keeps of {@code expression} as an annotation: its structural key, or itself by identity
     * (see {@code Expression.shapeKey}); made once per expression object.
     */
    public static ExpressionShape shape(Expression expression) {
        return bridge().shape(expression);
    }

    /**
     * A context for a query on {@code root}.
     *
     * @param annotations the query's annotations by name, in definition order
     * @param joiner how relation segments of a path are joined (the relation layer's strategy), or null for none
     * @param subqueries how queries used as subqueries compile (the query layer's strategy), or null for none
     */
    public static QueryContext queryContext(ModelMeta root, Map<String, Expression> annotations,
                                            RelationJoiner joiner, SubquerySource subqueries) {
        return bridge().queryContext(root, annotations, joiner, subqueries, null);
    }

    /**
     * A context for a query on {@code root} whose values go to {@code slots} (a subquery's: the outer
     * statement's collector; null: a collector of its own).
     */
    public static QueryContext queryContext(ModelMeta root, Map<String, Expression> annotations,
                                            RelationJoiner joiner, SubquerySource subqueries, BindSlots slots) {
        return bridge().queryContext(root, annotations, joiner, subqueries, slots);
    }

    /**
     * The IN list {@code ctx} compiled last from a typed field's filter value (each element a slot filled with
     * {@link #filterValue}), or null when none was since the last call; forgets it.
     */
    public static InListFilter takeInList(QueryContext ctx) {
        return bridge().takeInList(ctx);
    }

    /**
     * The last single-value comparison compiled in {@code ctx} from a typed field's filter value (its one slot
     * filled with {@link #filterValue}), or null when none was since the last call; forgets it.
     */
    public static ValueFilter takeValue(QueryContext ctx) {
        return bridge().takeValue(ctx);
    }

    /**
     * An element of a typed field's IN list as a filter binds it: a model instance as its key, coerced,
     * validated and converted to the field's database value; throws as that filter's compile would.
     */
    public static Object filterValue(FieldMeta field, Object value) {
        return bridge().filterValue(field, value);
    }
}
