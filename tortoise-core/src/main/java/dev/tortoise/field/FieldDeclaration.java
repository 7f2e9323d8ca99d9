package dev.tortoise.field;

import java.lang.annotation.Annotation;
import java.lang.reflect.Type;

/**
 * One model field as declared, what a {@link FieldTypeFactory} builds its {@link FieldType} from.
 *
 * @param model the model's name, for messages
 * @param field the field's name
 * @param annotation the field annotation (null for the implicit {@code id} primary key)
 * @param annotationType the field annotation's type
 * @param javaType the attribute's Java type, boxed
 * @param genericType the attribute's generic type ({@code List<String>})
 * @param context the runtime settings conversions depend on (time zone, JSON mapper)
 * @param maxLength the annotation's {@code maxLength}, or 0
 * @param maxDigits the annotation's {@code maxDigits}, or 0
 * @param decimalPlaces the annotation's {@code decimalPlaces}, or 0
 */
public record FieldDeclaration(String model, String field, Annotation annotation,
                               Class<? extends Annotation> annotationType, Class<?> javaType, Type genericType,
                               FieldContext context, int maxLength, int maxDigits, int decimalPlaces) {

    /** {@code Model.field}, as configuration errors name the field. */
    public String where() {
        return model + "." + field;
    }
}
