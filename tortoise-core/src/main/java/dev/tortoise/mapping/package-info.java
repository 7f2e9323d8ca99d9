/** Rows to model instances and values, by column index through accessors precomputed per query. */
package dev.tortoise.mapping;
