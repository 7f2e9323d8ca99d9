package dev.tortoise.query;

import dev.tortoise.expression.RelationJoiner;
import dev.tortoise.model.InstanceBinding;
import dev.tortoise.model.Model;
import dev.tortoise.model.ModelMeta;

/**
 * What a manager needs from its runtime.
 *
 * @param meta the model
 * @param engine the query engine
 * @param joiner the relation joiner for lookups across relations
 * @param persistence instance writes
 * @param binding the runtime new instances are bound to
 */
public record ManagerContext<T extends Model>(ModelMeta meta, QueryEngine engine, RelationJoiner joiner,
                                              Persistence persistence, InstanceBinding binding) {
}
