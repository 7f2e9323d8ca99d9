package dev.tortoise.execution;

import dev.tortoise.model.ModelMeta;

/**
 * Chooses the connection for a model's reads and writes (Tortoise's routers). Return null to
 * let the next router, and finally the model's app default, decide.
 */
public interface Router {
    default String dbForRead(ModelMeta model) {
        return null;
    }

    default String dbForWrite(ModelMeta model) {
        return null;
    }
}
