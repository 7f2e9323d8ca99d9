package dev.tortoise.expression;

import dev.tortoise.exception.ConfigurationError;
import dev.tortoise.internal.expression.ExpressionShape;
import dev.tortoise.model.FieldKind;
import dev.tortoise.model.FieldMeta;
import dev.tortoise.sql.ast.Column;
import dev.tortoise.sql.ast.Expr;
import dev.tortoise.sql.ast.Func;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A call of an SQL function. The first argument, when a string, names a field, a related field
 * ({@code "tournament__name"}) or an annotation; other arguments are literals (sent as binds) or
 * expressions ({@link F}, other functions, aggregates). The built-in functions are in
 * {@link Functions}.
 *
 * <p>Declare your own function with {@link #of(String, Object...)}, naming it per dialect where
 * databases spell it differently, or subclass this class to give it a result type:
 *
 * <pre>{@code
 * Function random = Function.of("RANDOM").withDialectName("h2", "RAND");
 * events.annotate("r", random).orderBy("r");
 *
 * final class Reverse extends Function {
 *     Reverse(Object field) { super("REVERSE", field); }
 * }
 * }</pre>
 *
 * The neutral name is rendered as is unless the dialect's {@code functionName} mapping or a
 * {@link #withDialectName} override names it otherwise; it must be a plain SQL identifier.
 */
public class Function extends Expression {
    private final String name;
    private final List<Object> args;
    private final Map<String, String> dialectNames;

    /** A call of the SQL function {@code name} with the given arguments (see the class comment). */
    protected Function(String name, Object... args) {
        this(name, Arrays.asList(args), Map.of());
    }

    private Function(String name, List<Object> args, Map<String, String> dialectNames) {
        if (name == null || !name.matches("[A-Za-z_][A-Za-z0-9_.]*")) {
            throw new ConfigurationError("Function name '" + name + "' is not a plain SQL identifier");
        }
        this.name = name;
        this.args = Collections.unmodifiableList(new ArrayList<>(args));
        this.dialectNames = Map.copyOf(dialectNames);
    }

    /** A call of a function the application declares: {@code Function.of("REVERSE", "name")}. */
    public static Function of(String name, Object... args) {
        return new Function(name, args);
    }

    /**
     * A copy of this (declared) function spelled {@code sqlName} on the dialect {@code dialect}
     * ({@code "h2"}, {@code "postgres"}).
     */
    public Function withDialectName(String dialect, String sqlName) {
        if (getClass() != Function.class) {
            throw new ConfigurationError("withDialectName applies to functions declared with Function.of; "
                    + "override dialectNames() in " + getClass().getSimpleName());
        }
        Map<String, String> names = new LinkedHashMap<>(dialectNames);
        names.put(dialect, sqlName);
        return new Function(name, args, names);
    }

    /** The neutral SQL name of the function. */
    public String name() {
        return name;
    }

    /** The arguments as given. */
    public List<Object> args() {
        return args;
    }

    /** Per-dialect spellings of the function name; subclasses may override. */
    protected Map<String, String> dialectNames() {
        return dialectNames;
    }

    @Override
    public Resolved resolve(QueryContext ctx) {
        List<Resolved> resolved = new ArrayList<>(args.size());
        List<Expr> sql = new ArrayList<>(args.size());
        boolean aggregate = false;
        for (int i = 0; i < args.size(); i++) {
            Resolved r = resolveArgument(ctx, args.get(i), i == 0);
            resolved.add(r);
            sql.add(r.sql());
            aggregate |= r.aggregate();
        }
        Resolved result = result(resolved);
        return new Resolved(new Func(name, sql, dialectNames()), result.field(), aggregate, result.valueType());
    }

    /**
     * The type of the function's result, from its resolved arguments: by default none, so values
     * come back as the driver reads them. Override it to convert results: return a {@code Resolved}
     * with a field (read through that field's type) or a value type (Long, Double, String...); its
     * {@code sql} and {@code aggregate} are ignored.
     */
    protected Resolved result(List<Resolved> arguments) {
        return new Resolved(null, null, false, null);
    }

    /**
     * The structure of a built-in function (declared with {@link #of} or made by {@link Functions}): its name,
     * spellings and arguments; a subclass of the application's counts by identity unless it overrides
     * {@link #shapeKey}, since its own state may decide its SQL.
     */
    @Override
    ExpressionShape makeShape() {
        if (getClass() != Function.class && !Functions.isBuiltIn(getClass())) {
            return super.makeShape();
        }
        return shapeParts(new ShapeKey(getClass())).build();
    }

    /** Adds what decides this built-in function's SQL to {@code k}: the first argument's path as it is. */
    ShapeKey shapeParts(ShapeKey k) {
        k.part(name).part(dialectNames).part(args.size());
        for (int i = 0; i < args.size(); i++) {
            Object a = args.get(i);
            if (i == 0 && a instanceof String) {
                k.part(a);
            } else {
                k.operand(a);
            }
        }
        return k;
    }

    /**
     * Resolves one argument: an expression, a field path or annotation name (when {@code nameIsField}),
     * else a literal bind.
     */
    static Resolved resolveArgument(QueryContext ctx, Object arg, boolean nameIsField) {
        if (arg instanceof Expression e) {
            return e.resolve(ctx);
        }
        if (nameIsField && arg instanceof String path) {
            return ctx.resolveReference(path);
        }
        return new Value(arg).resolve(ctx);
    }

    /**
     * Resolves the argument path of an aggregate: an annotation, a field or related field, or a
     * relation (its related model's primary key); ConfigurationError naming a path that does not
     * resolve.
     */
    static Resolved resolveAggregatePath(QueryContext ctx, String path) {
        if (ctx.hasAnnotation(path)) {
            return ctx.annotation(path);
        }
        List<String> parts = dev.tortoise.internal.model.LookupPath.parts(path);
        QueryContext.PathTarget t = ctx.resolvePath(parts, true);
        if (t != null && t.consumed() == parts.size() && t.field() != null && t.field().kind() != FieldKind.DATA) {
            boolean forward = t.field().kind() == FieldKind.FOREIGN_KEY || t.field().kind() == FieldKind.ONE_TO_ONE;
            FieldMeta f = t.field();
            if (f.hasColumn()) {
                return new Resolved(new Column(t.alias(), f.column()), f);
            }
            if (forward && f.relation() != null && f.relation().keyField() != null
                    && f.relation().keyField().hasColumn()) {
                // A forward relation: its key column, no join needed.
                FieldMeta key = f.relation().keyField();
                return new Resolved(new Column(t.alias(), key.column()), key);
            }
            // A reverse or many-to-many relation: join it and take the related primary key.
            t = ctx.resolvePath(parts, false);
        }
        if (t == null || t.consumed() != parts.size()) {
            throw new ConfigurationError(path + " not resolvable for model " + ctx.root().name()
                    + "; valid names are " + ctx.allowedFilterBases());
        }
        FieldMeta f = t.field();
        if (f == null) {
            FieldMeta pk = t.model().pk();
            return new Resolved(new Column(t.alias(), pk.column()), pk);
        }
        if (!f.hasColumn()) {
            throw new ConfigurationError(path + " not resolvable for model " + ctx.root().name());
        }
        return new Resolved(new Column(t.alias(), f.column()), f);
    }

    @Override
    public String toString() {
        return name + args;
    }
}
