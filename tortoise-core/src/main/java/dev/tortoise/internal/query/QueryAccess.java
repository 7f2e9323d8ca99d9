package dev.tortoise.internal.query;

import dev.tortoise.expression.QueryContext;
import dev.tortoise.internal.expression.RelationJoiner;
import dev.tortoise.internal.model.InstanceBinding;
import dev.tortoise.model.Model;
import dev.tortoise.model.ModelMeta;
import dev.tortoise.query.ManagerContext;
import dev.tortoise.query.QueryState;
import java.util.List;

/**
 * The internal side of the opaque handles {@link ManagerContext} and {@link QueryState}: the runtime and the
 * relation layer make and read them here, while their public surface shows nothing but what a custom
 * {@code Manager} or {@code QuerySet} passes on to its superclass.
 *
 * <p>The handles keep their content package-private in {@code dev.tortoise.query}; {@code QueryState}'s static
 * initialiser installs a {@link Bridge} implemented in that package (the pattern of the JDK's
 * {@code SharedSecrets}). Every method here makes sure that has happened before it is used.
 */
public final class QueryAccess {
    /** What {@code dev.tortoise.query} implements for this class; installed once by {@code QueryState}. */
    public interface Bridge {
        <T extends Model> ManagerContext<T> managerContext(ModelMeta meta, QueryEngine engine, RelationJoiner joiner,
                                                           Persistence persistence, InstanceBinding binding,
                                                           boolean keepShapes);

        QueryState initialState(QueryEngine engine, RelationJoiner joiner, ModelMeta meta);

        QueryState keptInitialState(QueryEngine engine, RelationJoiner joiner, ModelMeta meta);

        List<String> orderBy(QueryState state);

        boolean isInitial(QueryState state);

        CompiledQuery compileGet(QueryState state, String key, Object value);

        CompiledQuery compileModels(QueryState state);

        QueryEngine engine(QueryState state);

        QueryContext queryContext(ModelMeta meta, RelationJoiner joiner, dev.tortoise.sql.ast.BindSlots slots);
    }

    private static volatile Bridge bridge;

    private QueryAccess() {
    }

    /** Installs the bridge; called by {@code QueryState}'s static initialiser, once. */
    public static void install(Bridge b) {
        if (bridge != null) {
            throw new IllegalStateException("QueryAccess is installed already");
        }
        bridge = b;
    }

    private static Bridge bridge() {
        Bridge b = bridge;
        if (b == null) {
            try {
                // QueryState installs the bridge when it is initialised; from another thread than the one
                // initialising it, this waits until it has.
                Class.forName(QueryState.class.getName(), true, QueryState.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
            b = bridge;
        }
        return b;
    }

    /**
     * The context a model's manager is constructed with; its querysets keep their compiled statements per query
     * shape when {@code keepShapes} (false: each statement compiled whole, as with {@code statement-cache-size} 0).
     */
    public static <T extends Model> ManagerContext<T> managerContext(ModelMeta meta, QueryEngine engine,
                                                                     RelationJoiner joiner, Persistence persistence,
                                                                     InstanceBinding binding, boolean keepShapes) {
        return bridge().managerContext(meta, engine, joiner, persistence, binding, keepShapes);
    }

    /** The state of a new queryset over every row of {@code meta}. */
    public static QueryState initialState(QueryEngine engine, RelationJoiner joiner, ModelMeta meta) {
        return bridge().initialState(engine, joiner, meta);
    }

    /**
     * The state of a new queryset over every row of {@code meta} whose statements (and those of the querysets
     * made from it) are kept per query shape in a cache of their own, apart from the model manager's: for the
     * queries the relation layer runs again and again with other keys (prefetch).
     */
    public static QueryState keptInitialState(QueryEngine engine, RelationJoiner joiner, ModelMeta meta) {
        return bridge().keptInitialState(engine, joiner, meta);
    }

    /** The explicit ordering keys of a queryset's state, or null for the model's default ordering. */
    public static List<String> orderBy(QueryState state) {
        return bridge().orderBy(state);
    }

    /** Whether a queryset's state is an initial one: no filter, ordering, slice, annotation or option added. */
    public static boolean isInitial(QueryState state) {
        return bridge().isInitial(state);
    }

    /** The query {@code get(key=value)} on a queryset of this state runs: filtered, at most two rows. */
    public static CompiledQuery compileGet(QueryState state, String key, Object value) {
        return bridge().compileGet(state, key, value);
    }

    /**
     * The query a queryset of this state runs for its instances ({@code flux()}), before its engine runs it;
     * from its shape's kept compile when the state keeps its statements.
     */
    public static CompiledQuery compileModels(QueryState state) {
        return bridge().compileModels(state);
    }

    /** The engine a queryset of this state runs its queries on. */
    public static QueryEngine engine(QueryState state) {
        return bridge().engine(state);
    }

    /**
     * A context for expressions on a model's rows outside a queryset (the expressions a save assigns), joining
     * relations with {@code joiner} and compiling subqueries as querysets do; the values it binds go to
     * {@code slots}.
     */
    public static QueryContext queryContext(ModelMeta meta, RelationJoiner joiner, dev.tortoise.sql.ast.BindSlots slots) {
        return bridge().queryContext(meta, joiner, slots);
    }
}
