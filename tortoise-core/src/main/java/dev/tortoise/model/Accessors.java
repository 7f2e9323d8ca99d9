package dev.tortoise.model;

import dev.tortoise.exception.ConfigurationError;
import dev.tortoise.internal.model.Accessor;
import dev.tortoise.internal.model.FieldAccessors;
import dev.tortoise.internal.model.Instances;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;

/** Builds attribute accessors once per field: method handles on the attribute, or a slot in the instance state. */
final class Accessors {
    private Accessors() {
    }

    static MethodHandles.Lookup lookup(Class<?> cls) {
        try {
            return MethodHandles.privateLookupIn(cls, MethodHandles.lookup());
        } catch (IllegalAccessException e) {
            throw new ConfigurationError("Cannot access " + cls.getName() + " (open its package to dev.tortoise): "
                    + e.getMessage());
        }
    }

    /** An accessor on a Java attribute; final attributes are rejected because the ORM must set them. */
    static Accessor forField(Field field, String model) {
        if (Modifier.isFinal(field.getModifiers())) {
            throw new ConfigurationError(model + "." + field.getName() + ": model fields cannot be final");
        }
        try {
            MethodHandles.Lookup l = lookup(field.getDeclaringClass());
            MethodHandle getter = l.unreflectGetter(field).asType(MethodType.methodType(Object.class, Object.class));
            MethodHandle setter = l.unreflectSetter(field)
                    .asType(MethodType.methodType(void.class, Object.class, Object.class));
            boolean primitive = field.getType().isPrimitive();
            return FieldAccessors.of(getter, setter, primitive);
        } catch (IllegalAccessException e) {
            throw new ConfigurationError(model + "." + field.getName() + ": not accessible: " + e.getMessage());
        }
    }

    /** An accessor that keeps the value in the instance's state (fields with no Java attribute). */
    static Accessor slot(String name) {
        return new Accessor() {
            @Override
            public Object get(Object instance) {
                return Instances.state((Model) instance).slot(name);
            }

            @Override
            public void set(Object instance, Object value) {
                Instances.state((Model) instance).slot(name, value);
            }
        };
    }
}
