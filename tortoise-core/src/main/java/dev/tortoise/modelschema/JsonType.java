package dev.tortoise.modelschema;

/** The JSON Schema type of a property. */
public enum JsonType {
    STRING, INTEGER, NUMBER, BOOLEAN, OBJECT, ARRAY,
    /** Any JSON value (a JSON field without a more precise Java type). */
    ANY;

    /** The JSON Schema spelling ({@code "string"}), or null for {@link #ANY}. */
    public String jsonName() {
        return this == ANY ? null : name().toLowerCase(java.util.Locale.ROOT);
    }
}
