package dev.tortoise.model;

import dev.tortoise.field.FieldContext;
import java.lang.annotation.Annotation;
import java.lang.reflect.Field;
import java.util.List;

/** Parses relation fields and links both sides of every relation once all models are parsed. */
final class RelationLinker {
    private RelationLinker() {
    }

    static boolean isRelation(Annotation ann) {
        return false;
    }

    static List<FieldMeta> parse(String model, Field field, Annotation ann, FieldContext ctx) {
        return List.of();
    }

    static void link(ModelRegistry registry) {
    }
}
