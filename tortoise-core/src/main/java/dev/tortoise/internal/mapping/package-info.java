/**
 * Rows to model instances and values: one {@link dev.tortoise.mapping.RowMapper} per result shape,
 * its column positions and decoders precomputed, reading columns by index.
 */
package dev.tortoise.mapping;
