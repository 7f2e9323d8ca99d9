package dev.tortoise.query;

/** What tests outside this package read of the kept query shapes. */
public final class CompiledShapesProbe {
    private CompiledShapesProbe() {
    }

    /** How many compiles ran for kept-shape caches so far, every cache counted (see CompiledShapes#compileCount). */
    public static long totalCompileCount() {
        return CompiledShapes.totalCompileCount();
    }

    /** How many queryset statements were compiled whole so far, kept shapes or none (see CompiledShapes). */
    public static long totalWholeCompileCount() {
        return CompiledShapes.totalWholeCompileCount();
    }
}
