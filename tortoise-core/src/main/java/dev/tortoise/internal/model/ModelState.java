package dev.tortoise.internal.model;

import dev.tortoise.model.Model;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The ORM's bookkeeping for one instance: whether it reflects a stored row, which fields were
 * loaded (for {@code only()}), the runtime it is bound to, values of fields without a Java
 * attribute, annotations, pending expressions, and fetched relations. Created on first use by
 * {@code Instances.state(Model)}: the saved and persisted flags and the binding are kept on the
 * instance itself (this object reads and writes them there), so an instance read from a row and
 * only read by the application never gets one. Internal API: application code uses the methods
 * of {@link Model}.
 */
public final class ModelState {
    /** The instance; its saved and persisted flags and its binding live on it, so that a row needs no state. */
    private final Model owner;
    private Set<String> loadedFields;
    /** The only annotation while there is one (most annotating queries annotate once). */
    private String annotationName;
    private Object annotationValue;
    /**
     * The maps few instances need, in one object made on first use: a state made for one annotation is then
     * 32 bytes instead of 48.
     */
    private Rare rare;

    /** Slot values, all annotations, pending expressions and extra attributes; each map made on first use. */
    private static final class Rare {
        private Map<String, Object> slots;
        /** All annotations, once there are two or the map was asked for; then the single slot is empty. */
        private Map<String, Object> annotations;
        private Map<String, Object> pending;
        private Map<String, Object> attributes;
    }

    /** The state of {@code owner}; made by {@link Instances#state(Model)} only. */
    ModelState(Model owner) {
        this.owner = owner;
    }

    /** Whether the instance reflects a stored row. */
    public boolean saved() {
        return Instances.saved(owner);
    }

    /**
     * Marks the instance as reflecting its stored row (which also makes it persisted), or as
     * changed since (it stays persisted: the next save updates its row).
     */
    public void saved(boolean value) {
        Instances.saved(owner, value);
        if (value) {
            Instances.persisted(owner, true);
        }
    }

    /**
     * Whether the instance has a row in the database (Tortoise's {@code _saved_in_db}): true
     * after it was loaded or saved, whatever was changed since; this decides insert or update.
     */
    public boolean persisted() {
        return Instances.persisted(owner);
    }

    public void persisted(boolean value) {
        Instances.persisted(owner, value);
        if (!value) {
            Instances.saved(owner, false);
        }
    }

    /** The fields loaded by a partial query ({@code only()}), or null when all were loaded. */
    public Set<String> loadedFields() {
        return loadedFields;
    }

    public void loadedFields(Set<String> fields) {
        this.loadedFields = fields;
    }

    /** Whether the instance was loaded with only some fields. */
    public boolean partial() {
        return loadedFields != null;
    }

    public InstanceBinding binding() {
        return Instances.binding(owner);
    }

    public void binding(InstanceBinding b) {
        Instances.binding(owner, b);
    }

    /** A value of a field that has no Java attribute (the implicit {@code id}, FK keys). */
    public Object slot(String name) {
        Rare r = rare;
        return r == null || r.slots == null ? null : r.slots.get(name);
    }

    public void slot(String name, Object value) {
        Rare r = rare();
        if (r.slots == null) {
            r.slots = new HashMap<>(4);
        }
        r.slots.put(name, value);
    }

    private Rare rare() {
        Rare r = rare;
        if (r == null) {
            r = new Rare();
            rare = r;
        }
        return r;
    }

    /** The map of all annotations when it was made, else null. */
    private Map<String, Object> annotationMap() {
        Rare r = rare;
        return r == null ? null : r.annotations;
    }

    /** Annotation values read with the row, by name, in the order read (a live, mutable map). */
    public Map<String, Object> annotations() {
        Rare r = rare();
        if (r.annotations == null) {
            r.annotations = new LinkedHashMap<>();
            if (annotationName != null) {
                r.annotations.put(annotationName, annotationValue);
                annotationName = null;
                annotationValue = null;
            }
        }
        return r.annotations;
    }

    /**
     * Sets an annotation value, as {@code annotations().put(name, value)}; the first one is kept
     * without a map, so a row with one annotation costs no allocation.
     */
    public void annotate(String name, Object value) {
        if (annotationMap() == null && (annotationName == null || annotationName.equals(name))) {
            annotationName = name;
            annotationValue = value;
        } else {
            annotations().put(name, value);
        }
    }

    /** Whether an annotation of that name was read (its value may be null). */
    public boolean hasAnnotation(String name) {
        Map<String, Object> annotations = annotationMap();
        return annotations == null ? name.equals(annotationName) : annotations.containsKey(name);
    }

    /** An annotation's value, or null when there is none of that name. */
    public Object annotation(String name) {
        Map<String, Object> annotations = annotationMap();
        if (annotations == null) {
            return name.equals(annotationName) ? annotationValue : null;
        }
        return annotations.get(name);
    }

    /** Removes an annotation, as {@code annotations().remove(name)}: its value, or null. */
    public Object removeAnnotation(String name) {
        Map<String, Object> annotations = annotationMap();
        if (annotations == null) {
            if (!name.equals(annotationName)) {
                return null;
            }
            Object v = annotationValue;
            annotationName = null;
            annotationValue = null;
            return v;
        }
        return annotations.remove(name);
    }

    /** Whether any annotation was read. */
    public boolean hasAnnotations() {
        Map<String, Object> annotations = annotationMap();
        return annotationName != null || annotations != null && !annotations.isEmpty();
    }

    /** Values to write as expressions (F arithmetic) on the next save, by field name. */
    public Map<String, Object> pending() {
        Rare r = rare();
        if (r.pending == null) {
            r.pending = new LinkedHashMap<>();
        }
        return r.pending;
    }

    /** Whether expressions wait for the next save. */
    public boolean hasPending() {
        Rare r = rare;
        return r != null && r.pending != null && !r.pending.isEmpty();
    }

    /** Extra attributes: prefetched relations stored under another name ({@code Prefetch toAttr}). */
    public Map<String, Object> attributes() {
        Rare r = rare();
        if (r.attributes == null) {
            r.attributes = new HashMap<>();
        }
        return r.attributes;
    }
}
