package dev.tortoise.model;

import dev.tortoise.exception.ConfigurationError;
import dev.tortoise.field.FieldContext;
import dev.tortoise.field.FieldType;
import dev.tortoise.field.ForeignKeyField;
import dev.tortoise.field.ManyToManyField;
import dev.tortoise.field.OnDelete;
import dev.tortoise.field.OneToOneField;
import dev.tortoise.internal.model.Accessor;
import dev.tortoise.internal.model.Instances;
import dev.tortoise.internal.model.KeyHolder;
import dev.tortoise.internal.model.RelationHolder;
import java.lang.annotation.Annotation;
import java.lang.reflect.Field;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Parses relation fields ({@code @ForeignKeyField}, {@code @OneToOneField},
 * {@code @ManyToManyField}) and, once every model is parsed, links both sides of each relation:
 * the target model, the {@code <name>_id} key field, the reverse accessor (declared or implied)
 * and M2M join tables, with Tortoise's default names. Bad definitions fail with ConfigurationError
 * naming both models.
 */
final class RelationLinker {
    private RelationLinker() {
    }

    static boolean isRelation(Annotation ann) {
        return ann instanceof ForeignKeyField || ann instanceof OneToOneField || ann instanceof ManyToManyField;
    }

    /** Whether {@code name} is the {@code <fk>_id} key of a forward relation among {@code names}. */
    static boolean isKeyName(String name, Map<String, FieldMeta> names) {
        if (!name.endsWith("_id")) {
            return false;
        }
        FieldMeta f = names.get(name.substring(0, name.length() - 3));
        return f != null && (f.kind() == FieldKind.FOREIGN_KEY || f.kind() == FieldKind.ONE_TO_ONE);
    }

    static boolean hasPrimaryKeyRelation(List<FieldMeta> fields) {
        for (FieldMeta f : fields) {
            if (f.kind() == FieldKind.ONE_TO_ONE && f.primaryKey()) {
                return true;
            }
        }
        return false;
    }

    /** The relation field declared by {@code field} (its key field is created at link time). */
    static List<FieldMeta> parse(String model, Field field, Annotation ann, FieldContext ctx) {
        String where = model + "." + field.getName();
        Class<?> target = targetOf(field, where);
        Accessor acc = Accessors.forField(field, model);
        if (ann instanceof ManyToManyField m) {
            if (!ManyToManyHolder.accepts(field.getType())) {
                throw new ConfigurationError(where + ": @ManyToManyField needs a ManyToMany<" + target.getSimpleName()
                        + "> attribute");
            }
            RelationInfo info = new RelationInfo(target, m.relatedName(), m.onDelete(), m.dbConstraint(), null,
                    m.through(), m.forwardKey(), m.backwardKey());
            info.throughModelClass(m.throughModel() == Object.class ? null : m.throughModel());
            info.createUniqueIndex(m.createUniqueIndex());
            FieldMeta f = new FieldMeta(field.getName(), null, FieldKind.MANY_TO_MANY, null, false, false, true,
                    false, false, m.description(), null, null, List.of(), false, false, acc,
                    field.getDeclaringClass().getSimpleName());
            f.relation(info);
            return List.of(f);
        }
        // @ForeignKeyField and @OneToOneField share their attributes; read them by name, once at init.
        boolean o2o = ann instanceof OneToOneField;
        String relatedName = (String) ModelRegistry.ModelParser.attr(ann, "relatedName", "");
        OnDelete onDelete = (OnDelete) ModelRegistry.ModelParser.attr(ann, "onDelete", OnDelete.CASCADE);
        boolean nullable = (boolean) ModelRegistry.ModelParser.attr(ann, "nullable", false);
        boolean dbConstraint = (boolean) ModelRegistry.ModelParser.attr(ann, "dbConstraint", true);
        String toField = (String) ModelRegistry.ModelParser.attr(ann, "toField", "");
        String source = (String) ModelRegistry.ModelParser.attr(ann, "sourceField", "");
        boolean index = (boolean) ModelRegistry.ModelParser.attr(ann, "index", false);
        boolean pk = (boolean) ModelRegistry.ModelParser.attr(ann, "primaryKey", false);
        String description = (String) ModelRegistry.ModelParser.attr(ann, "description", "");
        if (!KeyHolder.class.isAssignableFrom(field.getType())) {
            throw new ConfigurationError(where + ": @" + ann.annotationType().getSimpleName() + " needs a "
                    + (o2o ? "OneToOne" : "ForeignKey") + "<" + target.getSimpleName() + "> attribute");
        }
        if (pk && !o2o) {
            throw new ConfigurationError(where + ": only a OneToOneField can be the primary key");
        }
        if (pk && nullable) {
            throw new ConfigurationError(where + ": a primary key can't be nullable");
        }
        if (onDelete == OnDelete.SET_NULL && !nullable) {
            throw new ConfigurationError(where + " -> " + target.getSimpleName()
                    + ": If on_delete is SET_NULL, then field must have null=True set");
        }
        RelationInfo info = new RelationInfo(target, relatedName, onDelete, dbConstraint, toField, null, null, null);
        info.keySpec(source.isEmpty() ? field.getName() + "_id" : source, index, description);
        FieldMeta f = new FieldMeta(field.getName(), null, o2o ? FieldKind.ONE_TO_ONE : FieldKind.FOREIGN_KEY, null, pk,
                false, nullable, o2o, index, description, null, null, List.of(), false, false, acc,
                field.getDeclaringClass().getSimpleName());
        f.relation(info);
        return List.of(f);
    }

    private static Class<?> targetOf(Field field, String where) {
        Type t = field.getGenericType();
        if (t instanceof ParameterizedType p && p.getActualTypeArguments().length == 1
                && p.getActualTypeArguments()[0] instanceof Class<?> c) {
            if (!Model.class.isAssignableFrom(c)) {
                throw new ConfigurationError(where + ": the relation's target " + c.getName() + " is not a Model");
            }
            return c;
        }
        throw new ConfigurationError(where + ": a relation attribute needs the target model as its type argument, "
                + "e.g. ForeignKey<Tournament>");
    }

    /** Links every relation of the registry's models. */
    static void link(Map<Class<?>, ModelMeta.Builder> registry, Function<FieldKind, RelationHolder> holders) {
        List<ModelMeta.Builder> models = new ArrayList<>(registry.values());
        Map<ModelMeta.Builder, Set<String>> usedHolders = new java.util.HashMap<>();
        for (ModelMeta.Builder m : models) {
            for (FieldMeta f : new ArrayList<>(m.fields())) {
                if (f.kind() == FieldKind.FOREIGN_KEY || f.kind() == FieldKind.ONE_TO_ONE) {
                    linkForward(registry, m, f, holders, usedHolders);
                }
            }
        }
        for (ModelMeta.Builder m : models) {
            for (FieldMeta f : new ArrayList<>(m.fields())) {
                if (f.kind() == FieldKind.MANY_TO_MANY && !f.relation().linked()) {
                    linkManyToMany(registry, m, f, holders, usedHolders);
                }
            }
        }
        for (ModelMeta.Builder m : models) {
            Set<String> used = usedHolders.getOrDefault(m, Set.of());
            for (String declared : m.declaredHolders().keySet()) {
                if (!used.contains(declared) && m.fieldOrNull(declared) == null) {
                    throw new ConfigurationError("Model " + m.name() + " declares the reverse relation '" + declared
                            + "' but no relation names it (set relatedName = \"" + declared
                            + "\" on the ForeignKey/OneToOne/ManyToMany that points to " + m.name() + ")");
                }
            }
            if (m.pk() == null) {
                throw new ConfigurationError("Model " + m.name() + " has no primary key");
            }
        }
    }

    private static ModelMeta.Builder target(Map<Class<?>, ModelMeta.Builder> registry, ModelMeta.Builder m, FieldMeta f) {
        ModelMeta.Builder target = registry.get(f.relation().targetClass());
        if (target == null) {
            throw new ConfigurationError("Relation " + m.name() + "." + f.name() + " points to "
                    + f.relation().targetClass().getSimpleName() + ", which is not a registered model (add its "
                    + "package or class to an app's models)");
        }
        return target;
    }

    private static void linkForward(Map<Class<?>, ModelMeta.Builder> registry, ModelMeta.Builder m, FieldMeta f,
                                    Function<FieldKind, RelationHolder> holders,
                                    Map<ModelMeta.Builder, Set<String>> usedHolders) {
        RelationInfo info = f.relation();
        ModelMeta.Builder target = target(registry, m, f);
        if (target.pk() == null) {
            // A target whose primary key is itself a relation must be linked first.
            for (FieldMeta tf : new ArrayList<>(target.fields())) {
                if (tf.kind() == FieldKind.ONE_TO_ONE && tf.primaryKey() && tf.relation().keyField() == null) {
                    linkForward(registry, target, tf, holders, usedHolders);
                }
            }
        }
        FieldMeta toField;
        if (info.toFieldName() == null || info.toFieldName().isEmpty()) {
            toField = target.pk();
        } else {
            toField = target.fieldOrNull(info.toFieldName());
            if (toField == null || !toField.hasColumn()) {
                throw new ConfigurationError("Relation " + m.name() + "." + f.name() + ": to_field '"
                        + info.toFieldName() + "' is not a field of " + target.name());
            }
            if (!toField.unique()) {
                throw new ConfigurationError("Relation " + m.name() + "." + f.name() + ": field '"
                        + info.toFieldName() + "' of " + target.name() + " is not unique");
            }
        }
        String keyName = f.name() + "_id";
        if (m.fieldOrNull(keyName) != null) {
            throw new ConfigurationError("Model " + m.name() + ": field '" + keyName + "' clashes with the key of "
                    + "relation " + f.name());
        }
        Accessor holderAccess = f.accessor();
        Accessor keyAccess = new Accessor() {
            @Override
            public Object get(Object instance) {
                return ((KeyHolder) holderAccess.get(instance)).keyValue();
            }

            @Override
            public void set(Object instance, Object value) {
                ((KeyHolder) holderAccess.get(instance)).keyValue(value);
            }
        };
        FieldType type = FieldType.keyOf(keyName, toField.type());
        FieldMeta key = new FieldMeta(keyName, info.keyColumn(), FieldKind.DATA, type, f.primaryKey(), false,
                f.nullable(), f.kind() == FieldKind.ONE_TO_ONE, info.keyIndexed(), info.keyDescription(), null, null,
                List.of(), false, false, keyAccess, f.declaredBy());
        m.addKeyField(key, f);
        if (f.primaryKey()) {
            m.pk(key);
        }
        FieldMeta reverse = null;
        String related = info.relatedName();
        if (!ForeignKeyField.NONE.equals(related)) {
            String name = related == null || related.isEmpty() ? m.table() + "s" : related;
            FieldKind kind = f.kind() == FieldKind.ONE_TO_ONE ? FieldKind.BACKWARD_O2O : FieldKind.BACKWARD_FK;
            reverse = reverseField(target, m, f, name, kind, holders, usedHolders);
            RelationInfo back = new RelationInfo(m.modelClass(), f.name(), info.onDelete(), info.dbConstraint(), null,
                    null, null, null);
            back.link(m, key, toField, f, null);
            reverse.relation(back);
            target.addField(reverse);
        }
        info.link(target, key, toField, reverse, null);
    }

    private static FieldMeta reverseField(ModelMeta.Builder owner, ModelMeta.Builder from, FieldMeta forward, String name,
                                          FieldKind kind, Function<FieldKind, RelationHolder> holders,
                                          Map<ModelMeta.Builder, Set<String>> usedHolders) {
        FieldMeta existing = owner.fieldOrNull(name);
        if (existing != null) {
            throw new ConfigurationError("backward relation \"" + name + "\" duplicates in model " + owner.name()
                    + " (from " + from.name() + "." + forward.name() + ")");
        }
        Field declared = owner.declaredHolders().get(name);
        Accessor acc;
        if (declared != null) {
            if (!holderFits(declared.getType(), kind)) {
                throw new ConfigurationError("Model " + owner.name() + "." + name + " is the reverse side of "
                        + from.name() + "." + forward.name() + " and must be a " + holderName(kind));
            }
            acc = Accessors.forField(declared, owner.name());
            usedHolders.computeIfAbsent(owner, k -> new HashSet<>()).add(name);
        } else {
            acc = implied(name, kind, holders);
        }
        return new FieldMeta(name, null, kind, null, false, false, true, false, false, "", null, null, List.of(),
                false, false, acc, owner.name());
    }

    private static boolean holderFits(Class<?> type, FieldKind kind) {
        String n = type.getSimpleName();
        return switch (kind) {
            case BACKWARD_FK -> n.equals("ReverseRelation");
            case BACKWARD_O2O -> n.equals("ReverseOneToOne");
            case MANY_TO_MANY -> n.equals("ManyToMany");
            default -> false;
        };
    }

    private static String holderName(FieldKind kind) {
        return switch (kind) {
            case BACKWARD_FK -> "ReverseRelation<...>";
            case BACKWARD_O2O -> "ReverseOneToOne<...>";
            default -> "ManyToMany<...>";
        };
    }

    /** An accessor keeping the holder of an undeclared reverse side in the instance state, created on first use. */
    private static Accessor implied(String name, FieldKind kind, Function<FieldKind, RelationHolder> holders) {
        String slot = "\u0000rel:" + name;
        return new Accessor() {
            @Override
            public Object get(Object instance) {
                Model m = (Model) instance;
                Object h = Instances.state(m).slot(slot);
                if (h == null && holders != null) {
                    RelationHolder holder = holders.apply(kind);
                    holder.attach(m, name);
                    Instances.state(m).slot(slot, holder);
                    h = holder;
                }
                return h;
            }

            @Override
            public void set(Object instance, Object value) {
                Instances.state((Model) instance).slot(slot, value);
            }
        };
    }

    private static void linkManyToMany(Map<Class<?>, ModelMeta.Builder> registry, ModelMeta.Builder m, FieldMeta f,
                                       Function<FieldKind, RelationHolder> holders,
                                       Map<ModelMeta.Builder, Set<String>> usedHolders) {
        RelationInfo info = f.relation();
        ModelMeta.Builder target = target(registry, m, f);
        ModelMeta.Builder throughModel = null;
        String through = info.throughTable();
        if (info.throughModelClass() != null) {
            throughModel = registry.get(info.throughModelClass());
            if (throughModel == null) {
                throw new ConfigurationError("Relation " + m.name() + "." + f.name() + ": through model "
                        + info.throughModelClass().getSimpleName() + " is not a registered model");
            }
            through = throughModel.table();
        } else if (through == null || through.isEmpty()) {
            through = m.table() + "_" + target.table();
        } else {
            for (ModelMeta.Builder other : registry.values()) {
                if (other.table().equals(through)) {
                    throughModel = other;
                }
            }
        }
        String forward = info.forwardKey() == null || info.forwardKey().isEmpty() ? target.table() + "_id"
                : info.forwardKey();
        String backward = info.backwardKey() == null || info.backwardKey().isEmpty() ? m.table() + "_id"
                : info.backwardKey();
        if (backward.equals(forward)) {
            backward = m.table() + "_rel_id";
        }
        RelationInfo linked = new RelationInfo(target.modelClass(), info.relatedName(), info.onDelete(),
                info.dbConstraint(), null, through, forward, backward);
        linked.throughModelClass(info.throughModelClass());
        linked.createUniqueIndex(info.createUniqueIndex());
        FieldMeta reverse = null;
        String related = info.relatedName();
        if (!ManyToManyField.NONE.equals(related)) {
            String name = related == null || related.isEmpty() ? m.table() + "s" : related;
            reverse = reverseField(target, m, f, name, FieldKind.MANY_TO_MANY, holders, usedHolders);
            RelationInfo back = new RelationInfo(m.modelClass(), f.name(), info.onDelete(), info.dbConstraint(), null,
                    through, backward, forward);
            back.createUniqueIndex(false);
            back.link(m, null, m.pk(), f, throughModel);
            back.markReverse();
            reverse.relation(back);
            target.addField(reverse);
        }
        linked.link(target, null, target.pk(), reverse, throughModel);
        f.relation(linked);
    }

    /** Whether a holder class is the ManyToMany holder. */
    static final class ManyToManyHolder {
        private ManyToManyHolder() {
        }

        static boolean accepts(Class<?> type) {
            return type.getSimpleName().equals("ManyToMany") && RelationHolder.class.isAssignableFrom(type);
        }
    }
}
