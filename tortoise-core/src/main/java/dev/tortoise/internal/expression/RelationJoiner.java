package dev.tortoise.internal.expression;

import dev.tortoise.exception.FieldError;
import dev.tortoise.expression.QueryContext;
import dev.tortoise.model.FieldMeta;
import dev.tortoise.model.ModelMeta;
import java.util.List;

/**
 * Joins the table of a relation segment of a lookup path. The relation layer provides the
 * implementation; without it, relation segments are a FieldError.
 */
public interface RelationJoiner {

    /**
     * The result of joining one relation segment.
     *
     * @param model the model reached
     * @param alias the alias of its table
     * @param terminal a field that ends the path early (an FK's key compared directly), or null
     * @param consumed how many of the following segments the terminal used
     */
    record Step(ModelMeta model, String alias, FieldMeta terminal, int consumed) {
    }

    Step join(QueryContext ctx, ModelMeta from, String fromAlias, FieldMeta relation, List<String> rest);

    /**
     * Joins a relation whose columns select_related reads; by default as {@link #join} does.
     * A joiner may use an inner join where every row has a related row (a NOT NULL foreign key).
     */
    default Step joinRelated(QueryContext ctx, ModelMeta from, String fromAlias, FieldMeta relation) {
        return join(ctx, from, fromAlias, relation, List.of());
    }

    /** The joiner for queries that cannot cross relations. */
    RelationJoiner NONE = (ctx, from, alias, relation, rest) -> {
        throw new FieldError("Relation " + relation.name() + " of " + from.name() + " cannot be followed here");
    };
}
