package dev.tortoise.modelschema;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Programmatic schema options (the arguments of Tortoise's {@code pydantic_model_creator}): added to what the
 * model's {@link ModelSchemaMeta} declares. Lists add to the annotation's; a value set here replaces the
 * annotation's. Immutable; build with {@link #builder()}.
 */
public final class SchemaOptions {
    private static final SchemaOptions NONE = builder().build();

    private final String name;
    private final List<String> include;
    private final List<String> exclude;
    private final List<String> computed;
    private final Integer maxRecursion;
    private final Boolean backwardRelations;
    private final Boolean allowCycles;
    private final Boolean excludeRawFields;
    private final Boolean excludeReadonly;
    private final Boolean sortAlphabetically;

    private SchemaOptions(Builder b) {
        this.name = b.name;
        this.include = List.copyOf(b.include);
        this.exclude = List.copyOf(b.exclude);
        this.computed = List.copyOf(b.computed);
        this.maxRecursion = b.maxRecursion;
        this.backwardRelations = b.backwardRelations;
        this.allowCycles = b.allowCycles;
        this.excludeRawFields = b.excludeRawFields;
        this.excludeReadonly = b.excludeReadonly;
        this.sortAlphabetically = b.sortAlphabetically;
    }

    /** No options: the model's annotation alone decides. */
    public static SchemaOptions none() {
        return NONE;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from these options. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.name = name;
        b.include.addAll(include);
        b.exclude.addAll(exclude);
        b.computed.addAll(computed);
        b.maxRecursion = maxRecursion;
        b.backwardRelations = backwardRelations;
        b.allowCycles = allowCycles;
        b.excludeRawFields = excludeRawFields;
        b.excludeReadonly = excludeReadonly;
        b.sortAlphabetically = sortAlphabetically;
        return b;
    }

    /** The schema's name, or null for the model's class name. */
    public String name() {
        return name;
    }

    public List<String> include() {
        return include;
    }

    public List<String> exclude() {
        return exclude;
    }

    public List<String> computed() {
        return computed;
    }

    /** The nesting depth, or null for the annotation's. */
    public Integer maxRecursion() {
        return maxRecursion;
    }

    public Boolean backwardRelations() {
        return backwardRelations;
    }

    public Boolean allowCycles() {
        return allowCycles;
    }

    public Boolean excludeRawFields() {
        return excludeRawFields;
    }

    public Boolean excludeReadonly() {
        return excludeReadonly;
    }

    public Boolean sortAlphabetically() {
        return sortAlphabetically;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SchemaOptions s && Objects.equals(name, s.name) && include.equals(s.include)
                && exclude.equals(s.exclude) && computed.equals(s.computed)
                && Objects.equals(maxRecursion, s.maxRecursion) && Objects.equals(backwardRelations, s.backwardRelations)
                && Objects.equals(allowCycles, s.allowCycles) && Objects.equals(excludeRawFields, s.excludeRawFields)
                && Objects.equals(excludeReadonly, s.excludeReadonly)
                && Objects.equals(sortAlphabetically, s.sortAlphabetically);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, include, exclude, computed, maxRecursion, backwardRelations, allowCycles,
                excludeRawFields, excludeReadonly, sortAlphabetically);
    }

    @Override
    public String toString() {
        return "SchemaOptions[name=" + name + ", include=" + include + ", exclude=" + exclude + ", computed="
                + computed + ", maxRecursion=" + maxRecursion + ", backwardRelations=" + backwardRelations
                + ", allowCycles=" + allowCycles + ", excludeRawFields=" + excludeRawFields + ", excludeReadonly="
                + excludeReadonly + ", sortAlphabetically=" + sortAlphabetically + "]";
    }

    /** Builds {@link SchemaOptions}. */
    public static final class Builder {
        private String name;
        private final List<String> include = new ArrayList<>();
        private final List<String> exclude = new ArrayList<>();
        private final List<String> computed = new ArrayList<>();
        private Integer maxRecursion;
        private Boolean backwardRelations;
        private Boolean allowCycles;
        private Boolean excludeRawFields;
        private Boolean excludeReadonly;
        private Boolean sortAlphabetically;

        private Builder() {
        }

        /** The schema's name (the OpenAPI component name); by default the model's class name. */
        public Builder name(String schemaName) {
            this.name = schemaName;
            return this;
        }

        public Builder include(String... names) {
            include.addAll(Arrays.asList(names));
            return this;
        }

        public Builder exclude(String... names) {
            exclude.addAll(Arrays.asList(names));
            return this;
        }

        public Builder computed(String... methods) {
            computed.addAll(Arrays.asList(methods));
            return this;
        }

        public Builder maxRecursion(int levels) {
            if (levels < 0) {
                throw new IllegalArgumentException("maxRecursion must be >= 0, got " + levels);
            }
            this.maxRecursion = levels;
            return this;
        }

        public Builder backwardRelations(boolean value) {
            this.backwardRelations = value;
            return this;
        }

        public Builder allowCycles(boolean value) {
            this.allowCycles = value;
            return this;
        }

        public Builder excludeRawFields(boolean value) {
            this.excludeRawFields = value;
            return this;
        }

        public Builder excludeReadonly(boolean value) {
            this.excludeReadonly = value;
            return this;
        }

        public Builder sortAlphabetically(boolean value) {
            this.sortAlphabetically = value;
            return this;
        }

        public SchemaOptions build() {
            return new SchemaOptions(this);
        }
    }
}
