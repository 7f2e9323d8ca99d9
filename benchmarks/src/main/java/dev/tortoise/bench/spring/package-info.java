/** Spring Data R2DBC entities of the benchmark tables (the raw contender maps rows into the same plain classes). */
package dev.tortoise.bench.spring;
