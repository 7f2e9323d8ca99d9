/** Tortoise models of the benchmark tables. */
package dev.tortoise.bench.model;
