package dev.tortoise.field;

/**
 * Builds the {@link FieldType} of a field declared with one annotation: the SPI for field kinds.
 * A user kind is an annotation marked {@code @TortoiseField(factory = MyFactory.class)} (the
 * factory has a public no-argument constructor) and a {@link FieldType} subclass; the built-in
 * kinds are registered the same way, by annotation type.
 */
@FunctionalInterface
public interface FieldTypeFactory {

    /**
     * The field's type; raises ConfigurationError when the declaration is invalid (a missing
     * length, ...). Whether the Java type fits is checked afterwards with {@link FieldType#accepts}.
     */
    FieldType create(FieldDeclaration declaration);
}
