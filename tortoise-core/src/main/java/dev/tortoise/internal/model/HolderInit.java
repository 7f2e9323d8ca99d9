package dev.tortoise.internal.model;

import dev.tortoise.model.Model;

/** Makes the relation holders of a new instance of one model class and stores them in its attributes. */
public interface HolderInit {
    void init(Model owner);
}
