package dev.tortoise.bench.model;

import dev.tortoise.model.Meta;

/** The narrow model on table {@code bench_stream}, for the streaming workload (ST). */
@Meta(table = "bench_stream")
public class Stream extends NarrowBase {
}
