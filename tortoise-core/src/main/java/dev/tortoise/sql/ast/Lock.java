package dev.tortoise.sql.ast;

import java.util.List;

/** {@code FOR UPDATE [OF tables] [NOWAIT | SKIP LOCKED]}. */
public record Lock(boolean nowait, boolean skipLocked, List<String> of) {
    public Lock {
        of = of == null ? List.of() : List.copyOf(of);
    }
}
