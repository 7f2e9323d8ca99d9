package dev.tortoise.bench.model;

import dev.tortoise.model.Meta;

/** The narrow model on table {@code bench_agg}, for the aggregation workload (AG). */
@Meta(table = "bench_agg")
public class Agg extends NarrowBase {
}
