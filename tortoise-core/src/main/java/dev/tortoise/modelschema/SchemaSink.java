package dev.tortoise.modelschema;

/**
 * Where {@link ModelSchema#write} sends an instance's JSON, event by event (a JSON generator's shape), so a
 * serializer streams it without an intermediate map.
 */
public interface SchemaSink {

    /** Starts an object; {@code value} is the instance it shows. */
    void startObject(Object value);

    void endObject();

    void startArray();

    void endArray();

    /** The name of the next property. */
    void name(String name);

    /**
     * A property's value or an array element: null, a string, number or boolean, or a value the serializer knows
     * how to write (a date-time, a JSON field's map or list).
     */
    void value(Object value);
}
