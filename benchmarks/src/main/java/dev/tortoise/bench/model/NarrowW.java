package dev.tortoise.bench.model;

import dev.tortoise.model.Meta;

/** The narrow model on table {@code bench_narrow_w}, for the write workloads (A, B, C, I, J, K, L). */
@Meta(table = "bench_narrow_w")
public class NarrowW extends NarrowBase {
}
