package dev.tortoise.sql.ast;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** A statement written by the application; its text is sent as given, with its values bound. */
public record RawStatement(String sql, List<Object> params) implements Statement {
    public RawStatement {
        params = Collections.unmodifiableList(new ArrayList<>(params));
    }

    @Override
    public <R> R accept(StatementVisitor<R> v) {
        return v.visitRaw(this);
    }
}
