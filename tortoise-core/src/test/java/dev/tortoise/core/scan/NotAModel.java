package dev.tortoise.core.scan;

/** A class in the scanned package that is not a model and must be ignored. */
public class NotAModel {
    public String name;
}
