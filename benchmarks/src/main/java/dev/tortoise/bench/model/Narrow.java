package dev.tortoise.bench.model;

import dev.tortoise.model.Meta;

/** The narrow model on table {@code bench_narrow}, for the read workloads (D, E, F, G, H). */
@Meta(table = "bench_narrow")
public class Narrow extends NarrowBase {
}
