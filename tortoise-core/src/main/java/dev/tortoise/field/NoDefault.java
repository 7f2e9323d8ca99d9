package dev.tortoise.field;

import java.util.function.Supplier;

/** The marker for "no default supplier" in field annotations. */
public final class NoDefault implements Supplier<Object> {
    private NoDefault() {
    }

    @Override
    public Object get() {
        return null;
    }
}
